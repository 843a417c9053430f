import fs from 'node:fs';
import path from 'node:path';
import { execTool } from '../exec';
import { ValidationTools } from '../tools';
import { Tree, describe, parseObjects, refOf } from '../tree';
import { Finding } from '../types';

const KUSTOMIZATION_FILES = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
];

/** Folders (relative, '' for the root) that hold a kustomization file. */
export function kustomizationDirs(tree: Tree): string[] {
  return tree.files
    .filter(f => KUSTOMIZATION_FILES.includes(path.posix.basename(f)))
    .map(f => path.posix.dirname(f))
    .map(d => (d === '.' ? '' : d));
}

/**
 * Builds every kustomization with `kubectl kustomize` (the build output feeds
 * the other checks) and checks that every Flux Kustomization's `spec.path`
 * exists in the tree.
 */
export async function checkKustomize(
  tree: Tree,
  tools: ValidationTools,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const dirs = kustomizationDirs(tree);
  const results = await Promise.all(
    dirs.map(dir =>
      execTool(tools.kubectl, ['kustomize', path.join(tree.root, dir)]),
    ),
  );
  dirs.forEach((dir, i) => {
    const file = tree.files.find(
      f =>
        path.posix.dirname(f) === (dir || '.') &&
        KUSTOMIZATION_FILES.includes(path.posix.basename(f)),
    )!;
    const result = results[i];
    if (result.code !== 0) {
      findings.push({
        check: 'kustomize',
        file,
        message: `kubectl kustomize ${dir || '.'} fails: ${result.stderr
          .trim()
          .replaceAll(tree.root + path.sep, '')}`,
      });
      return;
    }
    const parsed = parseObjects(
      result.stdout,
      file,
      'kustomize',
      `kubectl kustomize ${dir || '.'}`,
    );
    tree.built.set(dir, parsed.objects);
  });

  for (const o of tree.objects) {
    if (
      o.body.kind !== 'Kustomization' ||
      !String(o.body.apiVersion).startsWith('kustomize.toolkit.fluxcd.io/')
    ) {
      continue;
    }
    const spec = o.body.spec ?? {};
    if (typeof spec.path !== 'string') continue; // defaults to the root
    const target = path.resolve(tree.root, spec.path);
    const inside = !path.relative(tree.root, target).startsWith('..');
    if (
      !inside ||
      !fs.existsSync(target) ||
      !fs.statSync(target).isDirectory()
    ) {
      findings.push({
        check: 'kustomize',
        file: o.file,
        line: o.line,
        object: refOf(o.body),
        field: 'spec.path',
        message: `${describe(refOf(o.body))} points at '${
          spec.path
        }', which is not a folder of this repository`,
      });
    }
  }
  return findings;
}
