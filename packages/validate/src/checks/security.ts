import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { execTool } from '../exec';
import { ValidationTools } from '../tools';
import { Tree, TreeObject, refOf } from '../tree';
import { CheckovCounts, Finding } from '../types';

interface CheckovCheck {
  check_id: string;
  check_name: string;
  file_path: string;
  file_line_range?: number[];
  resource?: string;
  check_result?: { result?: string; suppress_comment?: string };
}

interface CheckovReport {
  check_type?: string;
  results?: {
    failed_checks?: CheckovCheck[];
    skipped_checks?: CheckovCheck[];
  };
  summary?: { passed: number; failed: number; skipped: number };
  passed?: number;
  failed?: number;
  skipped?: number;
}

/** Our own checkov policies (YAML), e.g. CKV2_DRKTRC_1: Ingress serves TLS. */
// eslint-disable-next-line no-restricted-syntax
export const CHECKOV_POLICIES_DIR = path.resolve(__dirname, '../../checkov');

/** checkov's placeholder when a suppression gives no reason. */
const NO_REASON = 'No comment provided';

async function runCheckov(
  tools: ValidationTools,
  dir: string,
  framework: 'terraform' | 'kubernetes',
): Promise<CheckovReport[]> {
  const result = await execTool(
    tools.tools.checkov.path,
    [
      '--directory',
      dir,
      '--framework',
      framework,
      '--skip-download',
      '--output',
      'json',
      '--compact',
      ...(framework === 'kubernetes'
        ? ['--external-checks-dir', CHECKOV_POLICIES_DIR]
        : []),
    ],
    { cwd: dir, env: { ...process.env, LOG_LEVEL: 'ERROR' } },
  );
  // Exit 1 means failed checks; the JSON is what counts.
  let parsed: CheckovReport | CheckovReport[];
  try {
    parsed = JSON.parse(result.stdout);
  } catch {
    throw new Error(
      `checkov failed (exit ${result.code}): ${result.stderr
        .trim()
        .split('\n')
        .slice(-5)
        .join(' ')}`,
    );
  }
  return [parsed].flat();
}

function counts(reports: CheckovReport[]): CheckovCounts {
  const total: CheckovCounts = { passed: 0, failed: 0, skipped: 0 };
  for (const r of reports) {
    const s = r.summary ?? r;
    total.passed += s.passed ?? 0;
    total.failed += s.failed ?? 0;
    total.skipped += s.skipped ?? 0;
  }
  return total;
}

/**
 * checkov on the Terraform files and on the Kubernetes objects as they reach
 * the cluster (loose and kustomize output; chart output is the chart
 * maintainers' and is not scanned). Every failed check is a finding; a
 * suppression (`checkov:skip=CKV_X: reason` in Terraform, the
 * `checkov.io/skip1: CKV_X=reason` annotation in manifests) must give its
 * reason.
 */
export async function checkSecurity(
  tree: Tree,
  objects: TreeObject[],
  tools: ValidationTools,
): Promise<{ findings: Finding[]; counts: CheckovCounts }> {
  const manifests = objects.filter(o => o.source !== 'helm');
  const hasTerraform = tree.files.some(f => f.endsWith('.tf'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drktrc-checkov-'));
  try {
    const byFile = new Map<string, TreeObject>();
    manifests.forEach((o, i) => {
      const { sops: _sops, ...body } = o.body;
      const name = `${String(i).padStart(4, '0')}.yaml`;
      fs.writeFileSync(path.join(dir, name), stringify(body));
      byFile.set(`/${name}`, o);
    });
    const [k8s, tf] = await Promise.all([
      manifests.length ? runCheckov(tools, dir, 'kubernetes') : [],
      hasTerraform ? runCheckov(tools, tree.root, 'terraform') : [],
    ]);
    const findings: Finding[] = [];
    const toFinding = (c: CheckovCheck, kubernetes: boolean): Finding => {
      const o = kubernetes ? byFile.get(c.file_path) : undefined;
      return {
        check: 'security',
        file: o ? o.file : c.file_path.replace(/^\//, ''),
        line: o ? o.line : c.file_line_range?.[0],
        object: o ? refOf(o.body) : undefined,
        field: kubernetes ? undefined : c.resource,
        rule: c.check_id,
        message: c.check_name,
        origin: o?.origin,
      };
    };
    for (const [reports, kubernetes] of [
      [k8s, true],
      [tf, false],
    ] as const) {
      for (const r of reports) {
        for (const c of r.results?.failed_checks ?? []) {
          findings.push(toFinding(c, kubernetes));
        }
        for (const c of r.results?.skipped_checks ?? []) {
          const reason = (c.check_result?.suppress_comment ?? '').trim();
          if (!reason || reason === NO_REASON) {
            findings.push({
              ...toFinding(c, kubernetes),
              message: `${c.check_name}: suppressed without a reason; write checkov:skip=${c.check_id}: <why>`,
            });
          }
        }
      }
    }
    return { findings, counts: counts([...k8s, ...tf]) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
