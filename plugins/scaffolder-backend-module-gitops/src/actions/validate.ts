import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { GITOPS_VALIDATE_ACTION_ID } from '@drktrc/plugin-gitops-common';
import { examples } from './validate.examples';

const KUSTOMIZATION_FILES = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
];

/** Every directory under `root` (relative paths) that holds a kustomization file. */
export function findKustomizations(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    const entries = fs.readdirSync(dir, { withFileTypes: true });
    const file = entries.find(
      e => e.isFile() && KUSTOMIZATION_FILES.includes(e.name),
    );
    if (file) found.push(path.relative(root, path.join(dir, file.name)));
    for (const e of entries) {
      if (e.isDirectory() && e.name !== '.git' && e.name !== 'node_modules') {
        walk(path.join(dir, e.name));
      }
    }
  };
  walk(root);
  return found.sort();
}

function kustomize(dir: string): Promise<string | undefined> {
  return new Promise(resolve => {
    execFile(
      'kubectl',
      ['kustomize', dir],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, _stdout, stderr) =>
        resolve(
          error ? (stderr.trim() || error.message).split('\n')[0] : undefined,
        ),
    );
  });
}

/**
 * `gitops:validate`: builds every kustomization in the rendered repository
 * with `kubectl kustomize` (kubectl from PATH) and fails the step, naming
 * each broken file, before anything is published.
 * @public
 */
export function createGitopsValidateAction() {
  return createTemplateAction({
    id: GITOPS_VALIDATE_ACTION_ID,
    description:
      'Validates a rendered GitOps repository: `kubectl kustomize` of every directory holding a kustomization.yaml',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        path: z =>
          z
            .string()
            .optional()
            .describe(
              "Directory to validate, relative to the workspace; default '.'",
            ),
      },
      output: {
        kustomizations: z =>
          z
            .array(z.string())
            .describe('The kustomization files that were built'),
      },
    },
    async handler(ctx) {
      const rel = ctx.input.path ?? '.';
      let root: string;
      try {
        root = resolveSafeChildPath(ctx.workspacePath, rel);
      } catch {
        throw new InputError(`path '${rel}' is outside the workspace`);
      }
      if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
        throw new InputError(
          `path '${rel}' is not a directory of the workspace`,
        );
      }
      const files = findKustomizations(root);
      const failures: string[] = [];
      for (const file of files) {
        const problem = await kustomize(path.join(root, path.dirname(file)));
        const shown = path.join(rel, file);
        if (problem) failures.push(`${shown}: ${problem}`);
        else ctx.logger.info('Built kustomization', { file: shown });
      }
      if (failures.length > 0) {
        throw new InputError(
          `kubectl kustomize failed for ${failures.length} of ${
            files.length
          } kustomizations:\n${failures.join('\n')}`,
        );
      }
      ctx.output(
        'kustomizations',
        files.map(f => path.join(rel, f)),
      );
    },
  });
}
