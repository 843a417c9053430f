import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { InputError } from '@backstage/errors';
import { formatFinding } from '@drktrc/validate';
import { parse } from 'yaml';
import type { TemplateCaseResult } from '../template/testTemplates';
import { lazyImport } from '../lazyImport';

// The kit starts an in-process scaffolder backend: loaded only when a
// template command runs, so that other commands start fast.
const loadRender = () => lazyImport(() => import('../template/render'));
const loadTests = () => lazyImport(() => import('../template/testTemplates'));

function readYamlFile(file: string, what: string): any {
  if (!fs.existsSync(file))
    throw new InputError(`${what} ${file} does not exist`);
  const value = parse(fs.readFileSync(file, 'utf8'));
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError(`${what} ${file} must be a YAML mapping`);
  }
  return value;
}

/** The text report of one template test case. */
export function formatCaseResult(r: TemplateCaseResult): string {
  const name = `${path.basename(r.template)}/${r.name}`;
  const lines = [
    `${r.ok ? 'ok  ' : 'FAIL'} ${name}${r.updated ? ' (goldens updated)' : ''}`,
  ];
  if (r.error) lines.push(`  render: ${r.error}`);
  for (const d of r.goldenDiffs) lines.push(`  golden: ${d}`);
  for (const f of r.report?.findings ?? []) lines.push(`  ${formatFinding(f)}`);
  if (r.report?.checkov) {
    const { passed, failed, skipped } = r.report.checkov;
    lines.push(
      `  checkov: ${passed} passed, ${failed} failed, ${skipped} skipped`,
    );
  }
  return lines.join('\n');
}

export function registerTemplateCommand(program: Command) {
  const template = program
    .command('template')
    .description(
      'Render and test software templates offline (the template kit)',
    );

  template
    .command('render <templateDir>')
    .description(
      "Render a template with the scaffolder's own engine (dry-run) into a folder",
    )
    .requiredOption('--values <file>', 'YAML file with the form values')
    .option('--secrets <file>', 'YAML file with the template secrets')
    .requiredOption('--out <dir>', 'output folder (replaced)')
    .action(
      async (
        templateDir: string,
        opts: { values: string; secrets?: string; out: string },
      ) => {
        const { renderTemplate } = await loadRender();
        const result = await renderTemplate({
          templateDir,
          values: readYamlFile(opts.values, 'Values file'),
          secrets: opts.secrets
            ? readYamlFile(opts.secrets, 'Secrets file')
            : undefined,
          outDir: path.resolve(opts.out),
        });
        for (const l of result.log) {
          process.stdout.write(`[${l.stepId ?? '-'}] ${l.message}\n`);
        }
        process.stdout.write(
          `${result.files.length} file(s) written to ${opts.out}\n`,
        );
        // The in-process scaffolder backend leaves timers behind.
        process.exit(0);
      },
    );

  template
    .command('test [templateDir]')
    .description(
      'Render every tests/<case>/values.yaml, compare with expected/ and validate the result',
    )
    .option(
      '--update',
      'rewrite the goldens (expected/) from the rendered output',
    )
    .option('--json', 'print the results as JSON')
    .action(
      async (
        templateDir: string | undefined,
        opts: { update?: boolean; json?: boolean },
      ) => {
        const { findCases, runCase } = await loadTests();
        const cases = findCases(path.resolve(templateDir ?? 'templates'));
        const results: TemplateCaseResult[] = [];
        for (const c of cases) {
          const r = await runCase(c, { update: opts.update });
          results.push(r);
          if (!opts.json) process.stdout.write(`${formatCaseResult(r)}\n`);
        }
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
        }
        const failed = results.filter(r => !r.ok).length;
        if (!opts.json) {
          process.stdout.write(`${results.length} case(s), ${failed} failed\n`);
        }
        // The in-process scaffolder backend leaves timers behind.
        process.exit(failed > 0 || results.length === 0 ? 1 : 0);
      },
    );
}
