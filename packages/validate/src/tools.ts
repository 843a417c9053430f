import fs from 'node:fs';
import path from 'node:path';
import { NotFoundError } from '@backstage/errors';

/** The command that builds and downloads everything validation needs. @public */
export const TOOLS_SETUP_COMMAND = 'scripts/ensure-tools.sh';

/** Where `scripts/ensure-tools.sh` records what it set up. @public */
export const TOOLS_MANIFEST_PATH = '.tools/validate/manifest.json';

/** @public */
export type ToolName = 'kubeconform' | 'helm' | 'terragrunt' | 'checkov';

/** A pinned chart available offline. @public */
export interface OfflineChart {
  version: string;
  path: string;
}

/** Contents of `.tools/validate/manifest.json`. @public */
export interface ToolsManifest {
  key: string;
  kubernetesVersion: string;
  schemas: string;
  tools: Record<ToolName, { path: string; version: string }>;
  charts: Record<string, OfflineChart>;
}

/** The tools and files the checks run with. @public */
export interface ValidationTools extends ToolsManifest {
  /** `kubectl`, from PATH. */
  kubectl: string;
}

function missing(what: string): NotFoundError {
  return new NotFoundError(
    `${what} is not set up; run ${TOOLS_SETUP_COMMAND} (./scripts/test runs it) and retry`,
  );
}

/**
 * Finds the tools manifest: `DRKTRC_TOOLS_MANIFEST`, else
 * `.tools/validate/manifest.json` in `startDir` or a parent folder.
 * @public
 */
export function findToolsManifest(
  startDir: string = process.cwd(),
  env: NodeJS.ProcessEnv = process.env,
): string {
  if (env.DRKTRC_TOOLS_MANIFEST) return env.DRKTRC_TOOLS_MANIFEST;
  // eslint-disable-next-line no-restricted-syntax
  for (const start of [startDir, __dirname]) {
    let dir = path.resolve(start);
    for (;;) {
      const candidate = path.join(dir, TOOLS_MANIFEST_PATH);
      if (fs.existsSync(candidate)) return candidate;
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw missing(`The validation tool set (${TOOLS_MANIFEST_PATH})`);
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * Loads the tools manifest and checks that every tool, the schemas and the
 * charts it names exist. Throws an error naming the set-up command when
 * something is missing, never skips.
 * @public
 */
export function loadValidationTools(
  manifestPath: string = findToolsManifest(),
  env: NodeJS.ProcessEnv = process.env,
): ValidationTools {
  if (!fs.existsSync(manifestPath)) {
    throw missing(`The validation tool set (${manifestPath})`);
  }
  const manifest = JSON.parse(
    fs.readFileSync(manifestPath, 'utf8'),
  ) as ToolsManifest;
  for (const [name, tool] of Object.entries(manifest.tools)) {
    if (!fs.existsSync(tool.path)) {
      throw missing(`${name} ${tool.version} (${tool.path})`);
    }
  }
  if (!fs.existsSync(path.join(manifest.schemas, 'index.json'))) {
    throw missing(`The JSON schemas (${manifest.schemas})`);
  }
  for (const [name, chart] of Object.entries(manifest.charts)) {
    if (!fs.existsSync(path.join(chart.path, 'Chart.yaml'))) {
      throw missing(`The chart ${name} ${chart.version} (${chart.path})`);
    }
  }
  const kubectl = onPath('kubectl', env);
  if (!kubectl) {
    throw new NotFoundError(
      'kubectl is not on PATH; install kubectl (it builds kustomizations) and run scripts/ensure-tools.sh',
    );
  }
  return { ...manifest, kubectl };
}
