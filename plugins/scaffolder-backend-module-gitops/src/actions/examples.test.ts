import yaml from 'yaml';
import { Validator } from 'jsonschema';
import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { examples as publishExamples } from './publishPortal.examples';
import { examples as checkExamples } from './serviceCheck.examples';
import { createServiceCheckAction } from './serviceCheck';
import { createPublishPortalAction } from './publishPortal';

const actions = {
  'gitops:service:check': [
    checkExamples,
    createServiceCheckAction({ githubConfigured: false }),
  ],
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
