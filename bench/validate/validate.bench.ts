/*
 * Validation benchmark: `validateTree` on a generated tree, warm (after one
 * run), every check but checkov, then checkov alone. Run from the repo root:
 *
 *   scripts/setup
 *   node -r @backstage/cli/config/nodeTransform.cjs bench/validate/validate.bench.ts [DIR | --clean-tree] [--iterations N]
 *
 * Without DIR it renders templates/gitops-service with its `example` test
 * case (the template kit, `drktrc template render`) and validates that;
 * `--clean-tree` validates the clean tree of the validate tests instead.
 * Prints a Markdown table for docs/benchmarks.md.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CHECK_NAMES, validateTree } from '@drktrc/validate';
import {
  cleanTreeFiles,
  writeTree,
} from '../../packages/validate/src/__testUtils__/cleanTree';

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

/** Renders the GitOps service template's example case with the template kit. */
function renderGitopsService(): string {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'drktrc-bench-validate-'));
  const cases = 'templates/gitops-service/tests/example';
  execFileSync(
    process.execPath,
    [
      'packages/cli/bin/drktrc',
      'template',
      'render',
      'templates/gitops-service',
      '--values',
      `${cases}/values.yaml`,
      '--secrets',
      `${cases}/secrets.yaml`,
      '--out',
      out,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return out;
}

async function main() {
  const args = process.argv.slice(2);
  const i = args.indexOf('--iterations');
  const iterations = i >= 0 ? Number(args[i + 1]) : 5;
  const dirArg = args.find(
    (a, n) => !a.startsWith('--') && args[n - 1] !== '--iterations',
  );
  const dir =
    dirArg ??
    (args.includes('--clean-tree')
      ? writeTree(await cleanTreeFiles())
      : renderGitopsService());
  const label =
    dirArg ??
    (args.includes('--clean-tree')
      ? 'clean test tree'
      : 'templates/gitops-service rendered with tests/example');
  const withoutCheckov = CHECK_NAMES.filter(c => c !== 'security');

  const first = await validateTree(dir, { checks: withoutCheckov });
  const times: number[] = [];
  const perCheck = new Map<string, number[]>();
  for (let n = 0; n < iterations; n++) {
    const started = performance.now();
    const report = await validateTree(dir, { checks: withoutCheckov });
    times.push(performance.now() - started);
    for (const c of report.checks) {
      perCheck.set(c.check, [...(perCheck.get(c.check) ?? []), c.durationMs]);
    }
  }
  const checkovTimes: number[] = [];
  let counts;
  for (let n = 0; n < Math.max(1, Math.ceil(iterations / 2)); n++) {
    const started = performance.now();
    const report = await validateTree(dir, {
      checks: ['kustomize', 'helm', 'security'],
    });
    checkovTimes.push(performance.now() - started);
    counts = report.checkov;
  }
  const cpus = os.cpus();
  console.log(
    `Tree: ${label}, ${first.objects} objects, ${first.findings.length} findings. Node ${process.version}, ${cpus.length} × ${cpus[0]?.model}, ${iterations} iterations after one warm-up.\n`,
  );
  console.log('| Run | p50 (ms) | max (ms) |');
  console.log('| --- | --- | --- |');
  console.log(
    `| all checks but checkov | ${percentile(times, 50).toFixed(
      0,
    )} | ${Math.max(...times).toFixed(0)} |`,
  );
  for (const [check, values] of perCheck) {
    console.log(
      `| – ${check} (inside the run above) | ${percentile(values, 50).toFixed(
        0,
      )} | ${Math.max(...values).toFixed(0)} |`,
    );
  }
  console.log(
    `| checkov (with the kustomize and helm steps it needs) | ${percentile(
      checkovTimes,
      50,
    ).toFixed(0)} | ${Math.max(...checkovTimes).toFixed(0)} |`,
  );
  console.log(
    `\ncheckov: ${counts?.passed} passed, ${counts?.failed} failed, ${counts?.skipped} skipped`,
  );
  if (!dirArg) fs.rmSync(dir, { recursive: true, force: true });
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
