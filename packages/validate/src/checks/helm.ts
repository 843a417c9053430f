import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import semver from 'semver';
import { parse } from 'yaml';
import { ExecResult, execTool } from '../exec';
import { SCHEMA_INDEX_FILE, SchemaIndexEntry } from '../schemas/generate';
import { OfflineChart, ValidationTools } from '../tools';
import {
  TreeObject,
  describe,
  findNearest,
  parseObjects,
  refOf,
} from '../tree';
import { Finding } from '../types';

const isPlainObject = (v: unknown): v is Record<string, any> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

/** The chart a HelmRelease asks for, with the field that names it. */
interface ChartRequest {
  name: string;
  range: string;
  nameField: string;
  versionField: string;
}

function chartRequest(
  release: TreeObject,
  objects: TreeObject[],
): ChartRequest | string | undefined {
  const spec = release.body.spec ?? {};
  if (isPlainObject(spec.chart?.spec)) {
    return {
      name: String(spec.chart.spec.chart ?? ''),
      range: String(spec.chart.spec.version ?? '*'),
      nameField: 'spec.chart.spec.chart',
      versionField: 'spec.chart.spec.version',
    };
  }
  if (isPlainObject(spec.chartRef)) {
    const ns = spec.chartRef.namespace ?? release.body.metadata?.namespace;
    const source = findNearest(
      objects,
      release,
      o =>
        o.body.kind === spec.chartRef.kind &&
        o.body.metadata?.name === spec.chartRef.name &&
        (o.body.metadata?.namespace ?? ns) === ns,
    );
    if (!source) return undefined; // reported by the consistency check
    if (source.body.kind === 'OCIRepository') {
      const url = String(source.body.spec?.url ?? '');
      const ref = source.body.spec?.ref ?? {};
      return {
        name: url.split('/').pop() ?? '',
        range: String(ref.tag ?? ref.semver ?? '*'),
        nameField: 'spec.chartRef',
        versionField: 'spec.chartRef',
      };
    }
    if (source.body.kind === 'HelmChart') {
      return {
        name: String(source.body.spec?.chart ?? ''),
        range: String(source.body.spec?.version ?? '*'),
        nameField: 'spec.chartRef',
        versionField: 'spec.chartRef',
      };
    }
    return `chartRef kind ${spec.chartRef.kind} is not supported`;
  }
  return undefined;
}

function deepMerge(base: Record<string, any>, over: Record<string, any>) {
  const out: Record<string, any> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    out[k] =
      isPlainObject(v) && isPlainObject(out[k]) ? deepMerge(out[k], v) : v;
  }
  return out;
}

/**
 * Value keys the chart does not know: a key under a map that the chart's
 * `values.yaml` spells out (non-empty) and that is neither there nor a
 * sub-chart or `global`. Charts with a `values.schema.json` are left to helm.
 */
export function unknownValueKeys(
  values: Record<string, any>,
  defaults: Record<string, any>,
  subcharts: string[],
  prefix = 'spec.values',
): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(values)) {
    const field = `${prefix}.${k}`;
    if (prefix === 'spec.values' && (k === 'global' || subcharts.includes(k))) {
      continue;
    }
    if (!(k in defaults)) {
      out.push(field);
    } else if (
      isPlainObject(v) &&
      isPlainObject(defaults[k]) &&
      Object.keys(defaults[k]).length > 0
    ) {
      out.push(...unknownValueKeys(v, defaults[k], [], field));
    }
  }
  return out;
}

/**
 * Value paths the chart's templates read (`.Values.a.b`), for values a chart
 * uses without listing them in its `values.yaml` (podinfo's
 * `fullnameOverride`, read by its `_helpers.tpl`).
 */
export function referencedValuePaths(chartPath: string): string[][] {
  const paths = new Map<string, string[]>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.isFile()) {
        const text = fs.readFileSync(file, 'utf8');
        for (const m of text.matchAll(
          /\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g,
        )) {
          paths.set(m[1], m[1].slice(1).split('.'));
        }
      }
    }
  };
  const templates = path.join(chartPath, 'templates');
  if (fs.existsSync(templates)) walk(templates);
  return [...paths.values()];
}

/** `defaults` with every referenced path that it lacks added (as null). */
export function withReferencedValues(
  defaults: Record<string, any>,
  paths: string[][],
): Record<string, any> {
  const out = structuredClone(defaults);
  for (const keys of paths) {
    let node: any = out;
    for (const [i, k] of keys.entries()) {
      if (!isPlainObject(node)) break;
      if (!(k in node)) node[k] = i === keys.length - 1 ? null : {};
      node = node[k];
    }
  }
  return out;
}

function releaseValues(release: TreeObject, objects: TreeObject[]) {
  let values: Record<string, any> = {};
  const ns = release.body.metadata?.namespace;
  const missing: string[] = [];
  for (const [i, ref] of (release.body.spec?.valuesFrom ?? []).entries()) {
    const source = findNearest(
      objects,
      release,
      o =>
        o.body.kind === ref.kind &&
        o.body.metadata?.name === ref.name &&
        (o.body.metadata?.namespace ?? ns) === ns,
    );
    if (!source) {
      if (!ref.optional) missing.push(`spec.valuesFrom[${i}]`);
      continue;
    }
    const raw = source.body.data?.[ref.valuesKey ?? 'values.yaml'];
    if (ref.kind === 'ConfigMap' && typeof raw === 'string') {
      const parsed = parse(raw);
      if (isPlainObject(parsed)) values = deepMerge(values, parsed);
    }
  }
  if (isPlainObject(release.body.spec?.values)) {
    values = deepMerge(values, release.body.spec.values);
  }
  return { values, missing };
}

function apiVersionsArgs(tools: ValidationTools): string[] {
  const index = JSON.parse(
    fs.readFileSync(path.join(tools.schemas, SCHEMA_INDEX_FILE), 'utf8'),
  ) as SchemaIndexEntry[];
  const args: string[] = [];
  // Every API the target cluster serves (Kubernetes' own, such as
  // apiregistration.k8s.io/v1 which helm does not know, and the CRDs), for
  // charts that test `.Capabilities.APIVersions.Has`.
  for (const e of index) {
    const gv = e.group ? `${e.group}/${e.version}` : e.version;
    args.push('--api-versions', gv);
    args.push('--api-versions', `${gv}/${e.kind}`);
  }
  return args;
}

function firstLines(text: string, n = 6): string {
  return text.trim().split('\n').slice(0, n).join('\n');
}

/**
 * Renders every HelmRelease with `helm template` through the pinned chart,
 * so that chart-schema violations and template errors show up, and returns
 * the rendered objects for the other checks.
 */
export async function checkHelm(
  objects: TreeObject[],
  tools: ValidationTools,
): Promise<{ findings: Finding[]; rendered: TreeObject[] }> {
  const releases = objects.filter(
    o =>
      o.body.kind === 'HelmRelease' &&
      String(o.body.apiVersion).startsWith('helm.toolkit.fluxcd.io/'),
  );
  const findings: Finding[] = [];
  const rendered: TreeObject[] = [];
  const apiVersions = releases.length ? apiVersionsArgs(tools) : [];
  const renders = new Map<string, Promise<ExecResult>>();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'drktrc-helm-'));
  try {
    await Promise.all(
      releases.map(async (release, i) => {
        const object = refOf(release.body);
        const base = {
          check: 'helm' as const,
          file: release.file,
          line: release.line,
          object,
          origin: release.origin,
        };
        const request = chartRequest(release, objects);
        if (request === undefined) return;
        if (typeof request === 'string') {
          findings.push({ ...base, field: 'spec.chartRef', message: request });
          return;
        }
        const chart: OfflineChart | undefined = tools.charts[request.name];
        if (!chart) {
          findings.push({
            ...base,
            field: request.nameField,
            message: `chart '${
              request.name
            }' is not available offline (pinned: ${Object.entries(tools.charts)
              .map(([n, c]) => `${n} ${c.version}`)
              .join(', ')}); add it to scripts/ensure-tools.sh`,
          });
          return;
        }
        const version = chart.version.replace(/^v/, '');
        if (
          request.range !== '*' &&
          !semver.satisfies(version, request.range.replace(/^v/, ''), {
            includePrerelease: true,
          })
        ) {
          findings.push({
            ...base,
            field: request.versionField,
            message: `chart ${request.name} version '${request.range}' does not match the pinned ${chart.version}; use ${chart.version} or pin the new version in scripts/ensure-tools.sh`,
          });
          return;
        }
        const { values, missing } = releaseValues(release, objects);
        for (const field of missing) {
          findings.push({
            ...base,
            field,
            message: 'valuesFrom refers to an object that is not in the tree',
          });
        }
        if (!fs.existsSync(path.join(chart.path, 'values.schema.json'))) {
          const defaults = parse(
            fs.readFileSync(path.join(chart.path, 'values.yaml'), 'utf8'),
          );
          const subcharts = fs.existsSync(path.join(chart.path, 'charts'))
            ? fs.readdirSync(path.join(chart.path, 'charts'))
            : [];
          const known = withReferencedValues(
            defaults ?? {},
            referencedValuePaths(chart.path),
          );
          for (const field of unknownValueKeys(values, known, subcharts)) {
            findings.push({
              ...base,
              field,
              message: `chart ${request.name} ${
                chart.version
              } has no value '${field.replace(
                /^spec\.values\./,
                '',
              )}' (not in its values.yaml)`,
            });
          }
        }
        const spec = release.body.spec ?? {};
        const namespace =
          spec.targetNamespace ?? release.body.metadata?.namespace ?? 'default';
        const releaseName =
          spec.releaseName ??
          (spec.targetNamespace
            ? `${spec.targetNamespace}-${release.body.metadata?.name}`
            : release.body.metadata?.name);
        const valuesText = JSON.stringify(values);
        const args = [
          'template',
          String(releaseName),
          chart.path,
          '--namespace',
          namespace,
          '--kube-version',
          tools.kubernetesVersion,
          // Flux runs chart tests only when spec.test.enable is set.
          ...(spec.test?.enable ? [] : ['--skip-tests']),
          ...apiVersions,
        ];
        // The same release in several environments with the same values
        // (a shared base) renders once.
        const key = JSON.stringify([args, valuesText]);
        if (!renders.has(key)) {
          const valuesFile = path.join(tmp, `${i}.json`);
          fs.writeFileSync(valuesFile, valuesText);
          renders.set(
            key,
            execTool(tools.tools.helm.path, [...args, '--values', valuesFile]),
          );
        }
        const result = await renders.get(key)!;
        if (result.code !== 0) {
          const at = result.stderr.match(/at '([^']*)'/);
          findings.push({
            ...base,
            field: at
              ? `spec.values${at[1].replaceAll('/', '.')}`
              : 'spec.values',
            message: `helm template ${request.name} ${
              chart.version
            } fails: ${firstLines(
              result.stderr.replaceAll(chart.path, request.name),
            )}`,
          });
          return;
        }
        const origin = `helm template ${request.name} ${
          chart.version
        } for ${describe(object)}`;
        const labels = spec.commonMetadata?.labels ?? {};
        const annotations = spec.commonMetadata?.annotations ?? {};
        for (const o of parseObjects(
          result.stdout,
          release.file,
          'helm',
          origin,
        ).objects) {
          o.scope = release.scope;
          o.body.metadata = o.body.metadata ?? {};
          o.body.metadata.namespace = o.body.metadata.namespace ?? namespace;
          // Flux applies commonMetadata to every rendered object.
          o.body.metadata.labels = { ...o.body.metadata.labels, ...labels };
          o.body.metadata.annotations = {
            ...o.body.metadata.annotations,
            ...annotations,
          };
          rendered.push(o);
        }
      }),
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return { findings, rendered };
}
