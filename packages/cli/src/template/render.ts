import fs from 'node:fs';
import path from 'node:path';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { parse } from 'yaml';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderModuleGithub from '@backstage/plugin-scaffolder-backend-module-github';
import scaffolderModuleSops from '@drktrc/plugin-scaffolder-backend-module-sops';
import scaffolderModuleGitops from '@drktrc/plugin-scaffolder-backend-module-gitops';

/**
 * The portal's external URL the rendered files name (the git server's clone
 * URL in Flux's GitRepository, catalog links): the embedded default of
 * app-config.yaml, so that renders are the same on every run instead of
 * naming the in-process backend's random port.
 */
export const RENDER_PORTAL_URL = 'http://localhost:7007';

/** What {@link renderTemplate} needs. */
export interface RenderOptions {
  /** Folder holding `template.yaml`. */
  templateDir: string;
  /** The form values (`parameters`). */
  values: Record<string, unknown>;
  /** The template secrets (`secrets`). */
  secrets?: Record<string, string>;
  /** Output folder; replaced by the rendered workspace. */
  outDir: string;
}

/** One line of the scaffolder's task log. */
export interface RenderLogLine {
  stepId?: string;
  status?: string;
  message: string;
}

export interface RenderResult {
  files: string[];
  log: RenderLogLine[];
  output: Record<string, unknown>;
}

/** Files the template ships with, except its test cases. */
function templateFiles(dir: string): { path: string; base64Content: string }[] {
  const out: { path: string; base64Content: string }[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), {
      withFileTypes: true,
    })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (child !== 'tests') walk(child);
      } else if (entry.isFile()) {
        out.push({
          path: child,
          base64Content: fs
            .readFileSync(path.join(dir, child))
            .toString('base64'),
        });
      }
    }
  };
  walk('');
  return out;
}

/**
 * The form values as the portal sends them: a `ui:field: Secret` field keeps
 * only a mask of the secret's length in the values (the secret itself goes
 * in `secrets`), so required secret fields pass the parameter schema.
 */
function withMaskedSecrets(
  values: Record<string, unknown>,
  secrets: Record<string, string>,
): Record<string, unknown> {
  const masked = { ...values };
  for (const [key, secret] of Object.entries(secrets)) {
    if (masked[key] === undefined) masked[key] = '*'.repeat(secret.length);
  }
  return masked;
}

/**
 * Renders a template offline with the scaffolder itself: an in-process
 * scaffolder backend (the real plugin with its built-in actions, filters and
 * our action modules) runs the template through its dry-run endpoint, the
 * one the portal's template editor uses. Every action runs in dry-run mode:
 * ours do what they safely can, actions without dry-run support (publish:*)
 * are skipped. The workspace at the end is written to `outDir`.
 */
export async function renderTemplate(
  options: RenderOptions,
): Promise<RenderResult> {
  const templateFile = path.join(options.templateDir, 'template.yaml');
  if (!fs.existsSync(templateFile)) {
    throw new InputError(`${options.templateDir} has no template.yaml`);
  }
  const template = parse(fs.readFileSync(templateFile, 'utf8'));
  // sops:encrypt reads its default keys from config; a throwaway age key.
  const recipient = await identityToRecipient(await generateIdentity());
  // Internal calls go to the in-process backend (its port is known once it
  // listens); external URLs name the portal's default address.
  let port = 0;
  const discovery = createServiceFactory({
    service: coreServices.discovery,
    deps: {},
    factory: () => ({
      getBaseUrl: async (pluginId: string) =>
        `http://localhost:${port}/api/${pluginId}`,
      getExternalBaseUrl: async (pluginId: string) =>
        `${RENDER_PORTAL_URL}/api/${pluginId}`,
    }),
  });
  const backend = await startTestBackend({
    features: [
      discovery,
      scaffolderPlugin,
      // publish:github is known (and skipped: it has no dry-run).
      scaffolderModuleGithub,
      scaffolderModuleSops,
      scaffolderModuleGitops,
      catalogServiceMock.factory(),
      mockServices.rootConfig.factory({
        data: { sops: { defaultKeys: { age: [recipient] } } },
      }),
    ],
  });
  port = backend.server.port();
  try {
    const res = await fetch(
      `http://localhost:${port}/api/scaffolder/v2/dry-run`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: mockCredentials.user.header(),
        },
        body: JSON.stringify({
          template,
          values: withMaskedSecrets(options.values, options.secrets ?? {}),
          secrets: options.secrets ?? {},
          directoryContents: templateFiles(options.templateDir),
        }),
      },
    );
    const body = (await res.json()) as any;
    if (!res.ok) {
      const errors = body.errors
        ? (body.errors as { stack?: string; message?: string }[])
            .map(e => e.stack ?? e.message)
            .join('; ')
        : body.error?.message ?? JSON.stringify(body);
      throw new InputError(`The template does not run: ${errors}`);
    }
    const log: RenderLogLine[] = (body.log ?? []).map((l: any) => ({
      stepId: l.body?.stepId,
      status: l.body?.status,
      message: String(l.body?.message ?? ''),
    }));
    const failed = log.find(l => l.status === 'failed');
    if (failed) {
      throw new InputError(
        `Step ${failed.stepId} failed: ${log
          .filter(l => l.stepId === failed.stepId)
          .map(l => l.message)
          .join('\n')}`,
      );
    }
    fs.rmSync(options.outDir, { recursive: true, force: true });
    fs.mkdirSync(options.outDir, { recursive: true });
    const files: string[] = [];
    for (const f of body.directoryContents as {
      path: string;
      base64Content: string;
      executable?: boolean;
    }[]) {
      const target = path.resolve(options.outDir, f.path);
      if (path.relative(options.outDir, target).startsWith('..')) {
        throw new InputError(
          `The template wrote outside its workspace: ${f.path}`,
        );
      }
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, Buffer.from(f.base64Content, 'base64'), {
        mode: f.executable ? 0o755 : 0o644,
      });
      files.push(f.path);
    }
    return { files: files.sort(), log, output: body.output ?? {} };
  } finally {
    await backend.stop();
  }
}
