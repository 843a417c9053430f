import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execTool } from '../exec';
import { SCHEMA_LOCATION_TEMPLATE } from '../schemas/generate';
import { ValidationTools } from '../tools';
import { TreeObject, refOf } from '../tree';
import { Finding } from '../types';

interface KubeconformResource {
  filename: string;
  status: string;
  msg: string;
  validationErrors?: { path: string; msg: string }[];
}

/** `/spec/containers/0/name` -> `spec.containers[0].name`. */
export function pointerToField(pointer: string): string {
  return pointer
    .split('/')
    .filter(Boolean)
    .map(s => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((acc, seg) => {
      if (/^\d+$/.test(seg)) return `${acc}[${seg}]`;
      if (/^[A-Za-z_][\w-]*$/.test(seg)) return acc ? `${acc}.${seg}` : seg;
      return `${acc}[${JSON.stringify(seg)}]`;
    }, '');
}

function join(parent: string, child: string): string {
  return pointerToField(
    `${parent}/${child.replaceAll('~', '~0').replaceAll('/', '~1')}`,
  );
}

/** Field and message for one kubeconform validation error. */
function describeError(e: { path: string; msg: string }) {
  const extra = e.msg.match(/additional propert(?:y|ies) (.+) not allowed/);
  if (extra) {
    const names = [...extra[1].matchAll(/'([^']+)'/g)].map(m => m[1]);
    return names.map(n => ({
      field: join(e.path, n),
      message: `unknown field '${n}'`,
    }));
  }
  const missing = e.msg.match(/missing propert(?:y|ies) (.+)/);
  if (missing) {
    const names = [...missing[1].matchAll(/'([^']+)'/g)].map(m => m[1]);
    return names.map(n => ({
      field: join(e.path, n),
      message: `required field '${n}' is missing`,
    }));
  }
  return [{ field: pointerToField(e.path) || undefined, message: e.msg }];
}

/** The object as the API server would read it (SOPS metadata stripped). */
function clusterBody(body: Record<string, any>) {
  const { sops: _sops, ...rest } = body;
  return rest;
}

/**
 * Validates objects strictly with kubeconform against the generated schemas
 * (Kubernetes built-ins of the pinned minor and the pinned CRDs). An object
 * whose kind has no schema is a finding.
 */
export async function checkSchemas(
  objects: TreeObject[],
  tools: ValidationTools,
): Promise<Finding[]> {
  if (objects.length === 0) return [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drktrc-kubeconform-'));
  try {
    objects.forEach((o, i) =>
      fs.writeFileSync(
        path.join(dir, `${i}.json`),
        JSON.stringify(clusterBody(o.body)),
      ),
    );
    const result = await execTool(tools.tools.kubeconform.path, [
      '-strict',
      '-output',
      'json',
      '-kubernetes-version',
      tools.kubernetesVersion,
      '-schema-location',
      path.join(tools.schemas, SCHEMA_LOCATION_TEMPLATE),
      dir,
    ]);
    let parsed: { resources?: KubeconformResource[] };
    try {
      parsed = JSON.parse(result.stdout);
    } catch {
      throw new Error(
        `kubeconform failed (exit ${result.code}): ${result.stderr.trim()}`,
      );
    }
    const findings: Finding[] = [];
    for (const r of parsed.resources ?? []) {
      if (r.status === 'statusValid' || r.status === 'statusSkipped') continue;
      const o = objects[Number(path.basename(r.filename, '.json'))];
      const base = {
        check: 'schema' as const,
        file: o.file,
        line: o.line,
        object: refOf(o.body),
        origin: o.origin,
      };
      if (r.validationErrors?.length) {
        for (const e of r.validationErrors) {
          for (const d of describeError(e)) findings.push({ ...base, ...d });
        }
      } else if (/could not find schema/.test(r.msg)) {
        findings.push({
          ...base,
          field: 'apiVersion',
          message: `no schema for ${o.body.kind} in ${o.body.apiVersion} (Kubernetes ${tools.kubernetesVersion} and the pinned CRDs): wrong apiVersion or kind?`,
        });
      } else {
        findings.push({ ...base, message: r.msg });
      }
    }
    return findings;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
