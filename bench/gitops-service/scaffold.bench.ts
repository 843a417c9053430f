/**
 * The whole GitOps service scaffold, end to end, through the real scaffolder:
 * check, render (fetch:template), encrypt (sops:encrypt, age), validate
 * (kubectl kustomize), publish (git push to the portal's git server) and
 * register (catalog reads catalog-info.yaml back through the UrlReader).
 * Step times come from the task's own events.
 *
 *   node -r @backstage/cli/config/nodeTransform.cjs bench/gitops-service/scaffold.bench.ts --iterations 5
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'yaml';
import {
  startPortalBackend,
  templateDir,
} from '../../plugins/scaffolder-backend-module-gitops/src/__testUtils__/portalBackend';
import { timeSteps } from './steps';

const iterations = Number(
  process.argv[process.argv.indexOf('--iterations') + 1] || 5,
);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
};

async function main() {
  const started = Date.now();
  const portal = await startPortalBackend();
  const startup = Date.now() - started;
  const cases = fs.readdirSync(path.join(templateDir, 'tests'));
  const rows: string[] = [];
  for (const caseName of cases) {
    const read = (f: string) =>
      yaml.parse(
        fs.readFileSync(path.join(templateDir, 'tests', caseName, f), 'utf8'),
      );
    const values = read('values.yaml');
    const secrets = read('secrets.yaml');
    const steps = new Map<string, number[]>();
    const totals: number[] = [];
    for (let i = -1; i < iterations; i++) {
      // i = -1 is a warm-up run, not counted
      const t0 = Date.now();
      const task = await portal.runTask({
        values: { ...values, name: `${values.name}-b${i + 1}` },
        secrets,
      });
      const wall = Date.now() - t0;
      if (task.status !== 'completed')
        throw new Error(`${caseName}: task ${task.status}\n${task.log}`);
      if (i < 0) continue;
      totals.push(wall);
      for (const [step, ms] of Object.entries(
        await timeSteps(portal, values, secrets, i),
      )) {
        const list = steps.get(step) ?? [];
        list.push(ms);
        steps.set(step, list);
      }
    }
    const slowest = [...steps.entries()].sort(
      (a, b) => percentile(b[1], 50) - percentile(a[1], 50),
    )[0];
    rows.push(
      `### ${caseName} (${values.environments.length} environment(s))\n`,
    );
    rows.push('| Step | p50 (ms) | max (ms) |');
    rows.push('| --- | --- | --- |');
    for (const [id, list] of steps) {
      rows.push(`| ${id} | ${percentile(list, 50)} | ${Math.max(...list)} |`);
    }
    rows.push(
      `| **whole task** (create to completion, wall clock) | ${percentile(
        totals,
        50,
      )} | ${Math.max(...totals)} |`,
    );
    rows.push(`\nSlowest step: \`${slowest[0]}\`.\n`);
  }
  portal.cleanup();
  const cpus = os.cpus();
  console.log(
    `Node ${process.version}, ${
      cpus.length
    } × ${cpus[0]?.model.trim()}, ${iterations} iterations per case after one warm-up; backend start ${startup} ms.\n`,
  );
  console.log(rows.join('\n'));
  process.exit(0);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
