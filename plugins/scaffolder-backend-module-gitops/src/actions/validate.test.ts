import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createGitopsValidateAction } from './validate';

function workspace(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-validate-'));
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n';

describe('gitops:validate', () => {
  it('builds every kustomization with kubectl kustomize', async () => {
    const dir = workspace({
      'apps/base/kustomization.yaml': 'resources: [cm.yaml]\n',
      'apps/base/cm.yaml': configMap,
      'apps/prod/kustomization.yaml':
        'resources: [../base]\nnamePrefix: prod-\n',
    });
    const ctx = createMockActionContext({ input: {}, workspacePath: dir });
    await createGitopsValidateAction().handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('kustomizations', [
      'apps/base/kustomization.yaml',
      'apps/prod/kustomization.yaml',
    ]);
  });

  it('fails naming every broken kustomization file', async () => {
    const dir = workspace({
      'ok/kustomization.yaml': 'resources: [cm.yaml]\n',
      'ok/cm.yaml': configMap,
      'broken/kustomization.yaml': 'resources: [missing.yaml]\n',
    });
    const ctx = createMockActionContext({
      input: { path: '.' },
      workspacePath: dir,
    });
    await expect(createGitopsValidateAction().handler(ctx)).rejects.toThrow(
      /1 of 2 kustomizations:\nbroken\/kustomization.yaml: .*missing.yaml/,
    );
  });

  it('refuses a path outside the workspace', async () => {
    const dir = workspace({});
    const ctx = createMockActionContext({
      input: { path: '../' },
      workspacePath: dir,
    });
    await expect(createGitopsValidateAction().handler(ctx)).rejects.toThrow(
      "path '../' is outside the workspace",
    );
  });
});
