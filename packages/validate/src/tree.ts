import fs from 'node:fs';
import path from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import { Finding, ObjectRef } from './types';

/** A Kubernetes object found in, built from or rendered for the tree. */
export interface TreeObject {
  /** File (relative, `/` separated) the object is written in or stems from. */
  file: string;
  /** 1-based line of the document in `file`, for loose objects. */
  line?: number;
  /** Where it comes from: the file itself, a kustomize build or a chart. */
  source: 'file' | 'kustomize' | 'helm';
  /** Description of the producer for built or rendered objects. */
  origin?: string;
  /**
   * The top-level kustomization (one environment's view, e.g. `apps/staging`)
   * whose build holds the object, or whose HelmRelease rendered it; unset for
   * loose objects no kustomization includes.
   */
  scope?: string;
  body: Record<string, any>;
}

/** Everything the checks read from the tree. */
export interface Tree {
  root: string;
  /** Every file, relative and `/` separated, sorted. */
  files: string[];
  /** Kubernetes objects written in YAML files. */
  objects: TreeObject[];
  /** Objects produced by `kubectl kustomize`, per kustomization folder. */
  built: Map<string, TreeObject[]>;
  /**
   * Per kustomization folder, the folders and files its build reads from the
   * tree (itself, its resources, components and bases, transitively).
   */
  includes: Map<string, Set<string>>;
  /** Objects rendered by `helm template`, per HelmRelease key. */
  rendered: TreeObject[];
  /** Parse problems found while loading. */
  findings: Finding[];
}

const SKIPPED_DIRS = new Set(['.git', 'node_modules']);

/** API groups of files that are not cluster objects. */
const NOT_CLUSTER_OBJECTS = [
  /^kustomize\.config\.k8s\.io\//,
  /^backstage\.io\//,
  /^scaffolder\.backstage\.io\//,
  /^config\.kubernetes\.io\//,
];

export function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(path.join(dir, entry.name));
      } else if (entry.isFile()) {
        out.push(
          path
            .relative(root, path.join(dir, entry.name))
            .split(path.sep)
            .join('/'),
        );
      }
    }
  };
  walk(root);
  return out.sort();
}

export function isClusterObject(body: unknown): body is Record<string, any> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
  const { apiVersion, kind } = body as Record<string, unknown>;
  return (
    typeof apiVersion === 'string' &&
    typeof kind === 'string' &&
    !NOT_CLUSTER_OBJECTS.some(re => re.test(apiVersion))
  );
}

export function refOf(body: Record<string, any>): ObjectRef {
  const ref: ObjectRef = {
    apiVersion: body.apiVersion,
    kind: body.kind,
    name: String(body.metadata?.name ?? ''),
  };
  if (body.metadata?.namespace) ref.namespace = String(body.metadata.namespace);
  return ref;
}

/** `Kind namespace/name` (or `Kind name`), for messages and keys. */
export function describe(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

/** Parses every YAML document of a text into objects (skips non-objects). */
export function parseObjects(
  text: string,
  file: string,
  source: TreeObject['source'],
  origin?: string,
): { objects: TreeObject[]; errors: Finding[] } {
  const lineCounter = new LineCounter();
  const objects: TreeObject[] = [];
  const errors: Finding[] = [];
  for (const doc of parseAllDocuments(text, { lineCounter })) {
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      errors.push({
        check: 'schema',
        file,
        line: e.linePos?.[0].line,
        message: `YAML does not parse: ${e.message.split('\n')[0]}`,
      });
      continue;
    }
    const body = doc.toJS();
    const items =
      body &&
      typeof body.kind === 'string' &&
      body.kind.endsWith('List') &&
      Array.isArray(body.items)
        ? body.items
        : [body];
    const line = doc.range ? lineCounter.linePos(doc.range[0]).line : undefined;
    for (const item of items) {
      if (isClusterObject(item)) {
        objects.push({ file, line, source, origin, body: item });
      }
    }
  }
  return { objects, errors };
}

/** Reads the tree's files and its loose YAML objects. */
export function loadTree(root: string): Tree {
  const files = listFiles(root);
  const objects: TreeObject[] = [];
  const findings: Finding[] = [];
  for (const file of files) {
    if (!/\.ya?ml$/.test(file)) continue;
    const parsed = parseObjects(
      fs.readFileSync(path.join(root, file), 'utf8'),
      file,
      'file',
    );
    objects.push(...parsed.objects);
    findings.push(...parsed.errors);
  }
  return {
    root,
    files,
    objects,
    built: new Map(),
    includes: new Map(),
    rendered: [],
    findings,
  };
}

/** Identity of an object in the cluster, used to match built to loose. */
export function objectKey(body: Record<string, any>): string {
  const group = String(body.apiVersion).includes('/')
    ? String(body.apiVersion).split('/')[0]
    : '';
  return `${group}|${body.kind}|${body.metadata?.namespace ?? ''}|${
    body.metadata?.name ?? ''
  }`;
}

/**
 * Kustomization folders that no other kustomization includes, such as
 * `apps/staging` and `apps/production` over their shared `apps/base/...`.
 */
export function topLevelKustomizations(
  includes: Map<string, Set<string>>,
): string[] {
  const included = new Set<string>();
  for (const [dir, reads] of includes) {
    for (const r of reads) if (r !== dir) included.add(r);
  }
  return [...includes.keys()].filter(d => !included.has(d));
}

/**
 * Every object as it reaches a cluster: the output of each top-level
 * kustomization (one not included by another, such as `apps/staging` and
 * `apps/production`), so that every environment's variant is checked, each
 * object attributed to the loose file it comes from within that
 * kustomization; then loose objects that no kustomization includes; then
 * chart output.
 */
export function effectiveObjects(tree: Tree): TreeObject[] {
  const topLevel = new Set(topLevelKustomizations(tree.includes));
  const covered = new Set<TreeObject>();
  const out: TreeObject[] = [];
  for (const [dir, objects] of tree.built) {
    if (!topLevel.has(dir)) continue;
    const reads = tree.includes.get(dir) ?? new Set([dir]);
    const inScope = (o: TreeObject) =>
      reads.has(o.file) ||
      reads.has(path.posix.dirname(o.file).replace(/^\.$/, ''));
    const loose = new Map<string, TreeObject>();
    const looseByName = new Map<string, TreeObject>();
    for (const o of tree.objects.filter(inScope)) {
      loose.set(objectKey(o.body), o);
      looseByName.set(`${o.body.kind}|${o.body.metadata?.name ?? ''}`, o);
    }
    for (const o of objects) {
      // kustomize may set the namespace or a name prefix; match loosely.
      const from =
        loose.get(objectKey(o.body)) ??
        looseByName.get(`${o.body.kind}|${o.body.metadata?.name ?? ''}`);
      if (from) covered.add(from);
      out.push({
        ...o,
        file: from?.file ?? `${dir ? `${dir}/` : ''}kustomization.yaml`,
        line: from?.line,
        origin: `kubectl kustomize ${dir || '.'}`,
        scope: dir,
      });
    }
  }
  for (const o of tree.objects) {
    if (!covered.has(o)) out.push(o);
  }
  return [...out, ...tree.rendered];
}

/**
 * The first object matching `test`, preferring one of the same environment
 * (scope) as `from`: each environment's overlay holds its own variant of the
 * same object, while shared objects (a HelmRepository in the
 * infrastructure) live in another scope.
 */
export function findNearest(
  objects: TreeObject[],
  from: TreeObject,
  test: (o: TreeObject) => boolean,
): TreeObject | undefined {
  return (
    objects.find(o => o.scope === from.scope && test(o)) ?? objects.find(test)
  );
}
