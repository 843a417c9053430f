import { Command } from 'commander';
import { InputError } from '@backstage/errors';
import {
  CHECK_NAMES,
  CheckName,
  ValidationReport,
  formatReport,
  generateSchemas,
  validateTree,
} from '@drktrc/validate';

function parseChecks(value?: string): CheckName[] | undefined {
  if (!value) return undefined;
  const names = value.split(',').map(s => s.trim());
  for (const n of names) {
    if (!(CHECK_NAMES as readonly string[]).includes(n)) {
      throw new InputError(
        `Unknown check '${n}'; choose from ${CHECK_NAMES.join(', ')}`,
      );
    }
  }
  return names as CheckName[];
}

/** `drktrc validate DIR`: prints the report; exit code 1 on findings. */
export async function runValidate(
  dir: string,
  opts: { json?: boolean; checks?: string },
  write: (text: string) => void = t => process.stdout.write(t),
): Promise<ValidationReport> {
  const report = await validateTree(dir, { checks: parseChecks(opts.checks) });
  write(
    opts.json
      ? `${JSON.stringify(report, null, 2)}\n`
      : `${formatReport(report)}\n`,
  );
  return report;
}

export function registerValidateCommand(program: Command) {
  program
    .command('validate <dir>')
    .description(
      'Validate a generated repository: kustomize builds, strict schemas, Helm charts, consistency, HCL and checkov',
    )
    .option('--json', 'print the report as JSON')
    .option(
      '--checks <list>',
      `comma-separated checks to run (default: all of ${CHECK_NAMES.join(
        ',',
      )})`,
    )
    .action(async (dir: string, opts: { json?: boolean; checks?: string }) => {
      const report = await runValidate(dir, opts);
      if (!report.ok) process.exitCode = 1;
    });

  program
    .command('schemas')
    .description(
      'Generate the JSON schemas kubeconform validates against (run by scripts/ensure-tools.sh)',
    )
    .requiredOption(
      '--kubernetes <file>',
      'the Kubernetes api/openapi-spec/swagger.json',
    )
    .option('--crds <dir...>', 'folders or files of CRD YAML', [])
    .requiredOption('--out <dir>', 'output folder')
    .action((opts: { kubernetes: string; crds: string[]; out: string }) => {
      const index = generateSchemas({
        kubernetesSwagger: opts.kubernetes,
        crds: opts.crds,
        outDir: opts.out,
      });
      process.stdout.write(`${index.length} schemas written to ${opts.out}\n`);
    });
}
