import { Command } from 'commander';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface ToolCheck {
  /** Executable name looked up on PATH. */
  name: string;
  /** Arguments that make the tool print its version. */
  versionArgs: string[];
  /** Extracts a version from the tool's output. */
  parse: (output: string) => string | undefined;
  /** What the tool is needed for, shown when it is missing. */
  neededFor: string;
  /** When true the tool is required for the portal itself. */
  required?: boolean;
}

export interface ToolStatus {
  name: string;
  found: boolean;
  version?: string;
  neededFor: string;
  required: boolean;
}

const firstVersion = (output: string) =>
  output.match(/v?(\d+\.\d+(?:\.\d+)?)/)?.[1];

export const defaultToolChecks: ToolCheck[] = [
  {
    name: 'node',
    versionArgs: ['--version'],
    parse: firstVersion,
    neededFor: 'everything (Backstage 1.55 needs Node 22 or 24)',
    required: true,
  },
  {
    name: 'yarn',
    versionArgs: ['--version'],
    parse: firstVersion,
    neededFor: 'installing and running the workspace (yarn 4.13, committed)',
    required: true,
  },
  {
    name: 'kubectl',
    versionArgs: ['version', '--client=true'],
    parse: firstVersion,
    neededFor: 'template validation (kubectl kustomize) and dev-cluster checks',
  },
  {
    name: 'age',
    versionArgs: ['--version'],
    parse: firstVersion,
    neededFor: 'reading age-encrypted SOPS data keys in tests',
  },
  {
    name: 'gpg',
    versionArgs: ['--version'],
    parse: firstVersion,
    neededFor: 'decrypting PGP-wrapped SOPS files',
  },
  {
    name: 'sops',
    versionArgs: ['--version', '--disable-version-check'],
    parse: firstVersion,
    neededFor: 'SOPS interoperability tests and benchmarks',
  },
  {
    name: 'go',
    versionArgs: ['version'],
    parse: output => output.match(/go(\d+\.\d+(?:\.\d+)?)/)?.[1],
    neededFor: 'building the real sops CLI (scripts/ensure-sops.sh)',
  },
  {
    name: 'kubeconform',
    versionArgs: ['-v'],
    parse: firstVersion,
    neededFor:
      'drktrc validate: strict schemas (scripts/ensure-tools.sh builds it)',
  },
  {
    name: 'helm',
    versionArgs: ['version', '--short'],
    parse: firstVersion,
    neededFor:
      'drktrc validate: rendering HelmRelease charts (scripts/ensure-tools.sh builds it)',
  },
  {
    name: 'terragrunt',
    versionArgs: ['--version'],
    parse: firstVersion,
    neededFor:
      'drktrc validate: HCL format and validation (scripts/ensure-tools.sh builds it)',
  },
  {
    name: 'checkov',
    versionArgs: ['--version'],
    parse: firstVersion,
    neededFor:
      'drktrc validate: security scanning of the generated Terraform and manifests (scripts/ensure-tools.sh installs it)',
  },
];

async function checkTool(check: ToolCheck): Promise<ToolStatus> {
  const base = {
    name: check.name,
    neededFor: check.neededFor,
    required: check.required ?? false,
  };
  try {
    const { stdout, stderr } = await execFileAsync(
      check.name,
      check.versionArgs,
      { timeout: 15_000 },
    );
    return {
      ...base,
      found: true,
      version: check.parse(`${stdout}\n${stderr}`) ?? 'unknown',
    };
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stdout?: string };
    if (e.code === 'ENOENT') {
      return { ...base, found: false };
    }
    // The tool exists but exited non-zero; still report what it printed.
    return { ...base, found: true, version: check.parse(e.stdout ?? '') };
  }
}

export async function runDoctor(
  checks: ToolCheck[] = defaultToolChecks,
): Promise<ToolStatus[]> {
  return Promise.all(checks.map(checkTool));
}

export function formatDoctorReport(statuses: ToolStatus[]): string {
  const width = Math.max(...statuses.map(s => s.name.length));
  const lines = statuses.map(s => {
    const name = s.name.padEnd(width);
    if (s.found) {
      return `  ok       ${name}  ${s.version ?? 'unknown'}`;
    }
    return `  missing  ${name}  needed for ${s.neededFor}`;
  });
  const missingRequired = statuses.filter(s => !s.found && s.required);
  lines.push(
    missingRequired.length
      ? `\n${missingRequired.length} required tool(s) missing: run ./scripts/start or ./scripts/test, which install them.`
      : '\nEverything the portal needs is present.',
  );
  return lines.join('\n');
}

export function registerDoctorCommand(program: Command) {
  program
    .command('doctor')
    .description('Show which tools are present and what each is needed for')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { json?: boolean }) => {
      const statuses = await runDoctor();
      process.stdout.write(
        opts.json
          ? `${JSON.stringify(statuses, null, 2)}\n`
          : `${formatDoctorReport(statuses)}\n`,
      );
      if (statuses.some(s => s.required && !s.found)) {
        process.exitCode = 1;
      }
    });
}
