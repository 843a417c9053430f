import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import { checkConsistency } from './checks/consistency';
import { checkHcl } from './checks/hcl';
import { checkHelm } from './checks/helm';
import { checkKustomize } from './checks/kustomize';
import { checkSchemas } from './checks/schema';
import { checkSecurity } from './checks/security';
import { ValidationTools, loadValidationTools } from './tools';
import { effectiveObjects, loadTree } from './tree';
import {
  CHECK_NAMES,
  CheckName,
  CheckSummary,
  CheckovCounts,
  Finding,
  ValidationReport,
} from './types';

/** Options of {@link validateTree}. @public */
export interface ValidateTreeOptions {
  /** Checks to run; default: all. */
  checks?: CheckName[];
  /** Tools to run with; default: {@link loadValidationTools}. */
  tools?: ValidationTools;
  /**
   * Folders (relative) holding the component's own objects, which must carry
   * its `backstage.io/kubernetes-id` label; default `['apps']`.
   */
  appDirs?: string[];
}

function sortFindings(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings
    .filter(f => {
      const key = JSON.stringify([
        f.check,
        f.file,
        f.object,
        f.field,
        f.message,
        f.rule,
      ]);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort(
      (a, b) =>
        a.file.localeCompare(b.file) ||
        (a.line ?? 0) - (b.line ?? 0) ||
        a.check.localeCompare(b.check) ||
        (a.field ?? '').localeCompare(b.field ?? ''),
    );
}

/**
 * Validates a generated repository with the real tools: kustomize builds,
 * strict schemas (kubeconform), chart rendering (helm), our consistency
 * rules, HCL (terragrunt) and security (checkov).
 * @public
 */
export async function validateTree(
  dir: string,
  options: ValidateTreeOptions = {},
): Promise<ValidationReport> {
  const root = path.resolve(dir);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    throw new InputError(`${dir} is not a folder`);
  }
  const enabled = new Set<CheckName>(options.checks ?? CHECK_NAMES);
  const tools = options.tools ?? loadValidationTools();
  const tree = loadTree(root);
  const findings: Finding[] = enabled.has('schema') ? [...tree.findings] : [];
  const summaries: CheckSummary[] = [];
  // Kustomize builds and chart rendering also produce the objects the other
  // checks read: they always run; `checks` selects what is reported.
  const timed = async (
    check: CheckName,
    run: () => Promise<Finding[]>,
    producer = false,
    started = Date.now(),
  ) => {
    if (!enabled.has(check) && !producer) return;
    const found = await run();
    if (!enabled.has(check)) return;
    findings.push(...found);
    summaries.push({
      check,
      findings: found.length,
      durationMs: Date.now() - started,
    });
  };

  // Security and HCL need only the files: they start at once.
  const hcl = timed('hcl', () => checkHcl(tree, tools));
  // Kustomize output and chart output feed the object checks.
  await timed('kustomize', () => checkKustomize(tree, tools), true);
  // The objects so far are schema-checked while the charts render; the
  // rendered ones follow.
  const schemaStarted = Date.now();
  const schemaOfFiles = enabled.has('schema')
    ? checkSchemas(effectiveObjects(tree), tools)
    : Promise.resolve([]);
  await timed(
    'helm',
    async () => {
      const result = await checkHelm(effectiveObjects(tree), tools);
      tree.rendered.push(...result.rendered);
      return result.findings;
    },
    true,
  );
  const objects = effectiveObjects(tree);
  let checkov: CheckovCounts | undefined;
  const security = timed('security', async () => {
    const result = await checkSecurity(tree, objects, tools);
    checkov = result.counts;
    return result.findings;
  });
  await timed(
    'schema',
    async () => [
      ...(await schemaOfFiles),
      ...(await checkSchemas(tree.rendered, tools)),
    ],
    false,
    schemaStarted,
  );
  await timed('consistency', async () =>
    checkConsistency(tree, objects, { appDirs: options.appDirs }),
  );
  await Promise.all([hcl, security]);

  const sorted = sortFindings(findings);
  return {
    root,
    ok: sorted.length === 0,
    findings: sorted,
    checks: CHECK_NAMES.flatMap(c => summaries.filter(s => s.check === c)),
    objects: objects.length,
    checkov,
  };
}
