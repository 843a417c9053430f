import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'yaml';
import { Validator } from 'jsonschema';
import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { examples as publishExamples } from './publishPortal.examples';
import { examples as checkExamples } from './serviceCheck.examples';
import { examples as validateExamples } from './validate.examples';
import { createServiceCheckAction } from './serviceCheck';
import { createGitopsValidateAction } from './validate';
import { createPublishPortalAction } from './publishPortal';

const actions = {
  'gitops:service:check': [
    checkExamples,
    createServiceCheckAction({ githubConfigured: false }),
  ],
  'gitops:validate': [validateExamples, createGitopsValidateAction()],
  'publish:portal': [
    publishExamples,
    createPublishPortalAction({
      auth: mockServices.auth(),
      discovery: mockServices.discovery(),
    }),
  ],
} as const;

describe.each(Object.entries(actions))(
  'examples of %s',
  (id, [examples, action]) => {
    it.each(examples.map(e => [e.description, e] as const))(
      'validate against the input schema: %s',
      (_d, example) => {
        const step = yaml.parse(example.example).steps[0];
        expect(step.action).toBe(id);
        expect(action.id).toBe(id);
        const result = new Validator().validate(
          step.input ?? {},
          action.schema!.input!,
        );
        expect(result.errors).toEqual([]);
      },
    );

    it('the schema refuses an input of the wrong type', () => {
      const result = new Validator().validate(
        { values: 'x', path: 1, repoName: 2 },
        action.schema!.input!,
      );
      expect(result.errors.length).toBeGreaterThan(0);
    });
  },
);

it('runs the gitops:service:check example', async () => {
  const step = yaml.parse(checkExamples[0].example).steps[0];
  const ctx = createMockActionContext({ input: step.input });
  await createServiceCheckAction({ githubConfigured: false }).handler(ctx);
  expect(ctx.output).toHaveBeenCalledWith('environments', [
    expect.objectContaining({
      name: 'staging',
      domain: 'staging.shop.example.com',
    }),
  ]);
});

it.each(validateExamples.map(e => [e.description, e] as const))(
  'runs the gitops:validate example: %s',
  async (_d, example) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'validate-example-'));
    fs.mkdirSync(path.join(dir, 'clusters/staging'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'clusters/staging/kustomization.yaml'),
      'resources: [ns.yaml]\n',
    );
    fs.writeFileSync(
      path.join(dir, 'clusters/staging/ns.yaml'),
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n',
    );
    const step = yaml.parse(example.example).steps[0];
    const ctx = createMockActionContext({
      input: step.input ?? {},
      workspacePath: dir,
    });
    await createGitopsValidateAction().handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('kustomizations', [
      expect.stringMatching(/clusters\/staging\/kustomization.yaml$/),
    ]);
  },
);
