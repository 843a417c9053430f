import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createValidateAction } from './validate';

// Runs the real validation tools (kubectl, kubeconform, checkov, ...).
jest.setTimeout(180_000);

const CONFIG_MAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: demo
data:
  LOG_LEVEL: info
`;

const DEPLOYMENT_WITHOUT_REQUESTS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: demo
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: ghcr.io/stefanprodan/podinfo:6.9.2
`;

function workspace(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-validate-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

function capturingLogger() {
  const lines: string[] = [];
  const logger = {
    info: (m: string) => lines.push(`info ${m}`),
    error: (m: string) => lines.push(`error ${m}`),
    warn: (m: string) => lines.push(`warn ${m}`),
    debug: () => {},
    child: () => logger,
  };
  return { lines, logger };
}

describe('gitops:validate', () => {
  const dirs: string[] = [];
  afterAll(() =>
    dirs.forEach(d => fs.rmSync(d, { recursive: true, force: true })),
  );

  it('passes a valid tree and logs the report', async () => {
    const workspacePath = workspace({ 'repo/settings.yaml': CONFIG_MAP });
    dirs.push(workspacePath);
    const { lines, logger } = capturingLogger();
    const ctx = createMockActionContext({
      workspacePath,
      input: { path: 'repo' },
      logger: logger as any,
    });
    await createValidateAction().handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('findings', 0);
    expect(lines).toContain('info Validating repo');
    expect(lines.some(l => /^info security: 0 finding/.test(l))).toBe(true);
    expect(lines.some(l => /^info checkov: \d+ passed, 0 failed/.test(l))).toBe(
      true,
    );
  });

  it('fails the step on findings, logging file, object and field', async () => {
    const workspacePath = workspace({
      'apps/web.yaml': DEPLOYMENT_WITHOUT_REQUESTS,
    });
    dirs.push(workspacePath);
    const { lines, logger } = capturingLogger();
    const ctx = createMockActionContext({
      workspacePath,
      input: { checks: ['schema' as const, 'consistency' as const] },
      logger: logger as any,
    });
    await expect(createValidateAction().handler(ctx)).rejects.toThrow(
      /Validation found 2 problem\(s\) in \.; see the log above/,
    );
    expect(lines).toContain(
      "error apps/web.yaml:1 Deployment demo/web spec.template.spec.containers[0].resources.requests.cpu: container 'web' has no cpu request (the scheduler and the HPA need it) [consistency]",
    );
    expect(ctx.output).toHaveBeenCalledWith('findings', 2);
  });

  it('in a dry run reports the findings without stopping the preview', async () => {
    const workspacePath = workspace({
      'apps/web.yaml': DEPLOYMENT_WITHOUT_REQUESTS,
    });
    dirs.push(workspacePath);
    const { lines, logger } = capturingLogger();
    const ctx = createMockActionContext({
      workspacePath,
      input: { checks: ['schema' as const, 'consistency' as const] },
      logger: logger as any,
    });
    // The test utils' context has no dry-run option.
    await createValidateAction().handler({ ...ctx, isDryRun: true });
    expect(lines).toContain(
      'warn Validation found 2 problem(s) in .; a real run stops here, before publishing.',
    );
    expect(ctx.output).toHaveBeenCalledWith('findings', 2);
  });

  it('refuses a path outside the workspace', async () => {
    const workspacePath = workspace({});
    dirs.push(workspacePath);
    const ctx = createMockActionContext({
      workspacePath,
      input: { path: '../elsewhere' },
    });
    await expect(createValidateAction().handler(ctx)).rejects.toThrow(
      InputError,
    );
  });
});
