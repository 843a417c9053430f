import fs from 'node:fs';
import path from 'node:path';
import { execTool } from '../exec';
import { ValidationTools } from '../tools';
import { parse as parseYaml } from 'yaml';
import {
  Tree,
  describe,
  parseObjects,
  refOf,
  topLevelKustomizations,
} from '../tree';
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

function kustomizationFile(tree: Tree, dir: string): string | undefined {
  return tree.files.find(
    f =>
      path.posix.dirname(f) === (dir || '.') &&
      KUSTOMIZATION_FILES.includes(path.posix.basename(f)),
  );
}

/**
 * What one kustomization reads from the tree directly: its `resources`,
 * `components` and (deprecated) `bases` entries that are folders or files of
 * the tree (remote and out-of-tree entries are kustomize's to report).
 */
function directReads(tree: Tree, dir: string): string[] {
  const file = kustomizationFile(tree, dir);
  if (!file) return [];
  let doc: any;
  try {
    doc = parseYaml(fs.readFileSync(path.join(tree.root, file), 'utf8'));
  } catch {
    return []; // the build reports it
  }
  const entries = ['resources', 'components', 'bases'].flatMap(k =>
    Array.isArray(doc?.[k]) ? doc[k] : [],
  );
  const out: string[] = [];
  for (const entry of entries) {
    if (typeof entry !== 'string' || /^[a-z]+:\/\/|^git@/i.test(entry))
      continue;
    const resolved = path.posix.normalize(path.posix.join(dir || '.', entry));
    if (resolved.startsWith('..')) continue;
    out.push(resolved === '.' ? '' : resolved.replace(/\/$/, ''));
  }
  return out;
}

/** Folders and files each kustomization's build reads, transitively. */
export function kustomizationIncludes(
  tree: Tree,
  dirs: string[],
): Map<string, Set<string>> {
  const direct = new Map(dirs.map(d => [d, directReads(tree, d)]));
  const closure = new Map<string, Set<string>>();
  for (const dir of dirs) {
    const seen = new Set<string>([dir]);
    const stack = [...(direct.get(dir) ?? [])];
    while (stack.length) {
      const next = stack.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(direct.get(next) ?? []));
    }
    closure.set(dir, seen);
  }
  return closure;
}

/**
 * Builds every top-level kustomization with `kubectl kustomize` (the build
 * output feeds the other checks), and when one fails also the kustomizations
 * it includes, so that the report names the folder at fault; checks that
 * every Flux Kustomization's `spec.path` exists in the tree.
 */
export async function checkKustomize(
  tree: Tree,
  tools: ValidationTools,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const dirs = kustomizationDirs(tree);
  tree.includes = kustomizationIncludes(tree, dirs);
  const build = (dir: string) =>
    execTool(tools.kubectl, ['kustomize', path.join(tree.root, dir)]);
  const topLevel = topLevelKustomizations(tree.includes);
  const results = new Map(
    await Promise.all(topLevel.map(async d => [d, await build(d)] as const)),
  );
  // A failing build: the kustomizations it includes are built on their own.
  const included = [
    ...new Set(
      topLevel
        .filter(d => results.get(d)!.code !== 0)
        .flatMap(d => [...tree.includes.get(d)!])
        .filter(d => dirs.includes(d) && !results.has(d)),
    ),
  ];
  for (const [dir, result] of await Promise.all(
    included.map(async d => [d, await build(d)] as const),
  )) {
    results.set(dir, result);
  }
  for (const [dir, result] of results) {
    const file = kustomizationFile(tree, dir)!;
    if (result.code !== 0) {
      findings.push({
        check: 'kustomize',
        file,
        message: `kubectl kustomize ${dir || '.'} fails: ${result.stderr
          .trim()
          .replaceAll(tree.root + path.sep, '')}`,
      });
    } else if (topLevel.includes(dir)) {
      const parsed = parseObjects(
        result.stdout,
        file,
        'kustomize',
        `kubectl kustomize ${dir || '.'}`,
      );
      tree.built.set(dir, parsed.objects);
    }
  }

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
