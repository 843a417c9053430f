import yaml from 'yaml';
import { Validator } from 'jsonschema';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { CATALOG_WAIT_ACTION_ID } from '@drktrc/plugin-gitops-common';
import { examples } from './catalogWait.examples';
import { createCatalogWaitAction } from './catalogWait';

const entity = (kind: string, name: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec: {},
});

describe('examples of gitops:catalog:wait', () => {
  const action = createCatalogWaitAction({
    catalog: catalogServiceMock({
      entities: [entity('Component', 'checkout'), entity('System', 'payments')],
    }),
  });

  it.each(examples.map(e => [e.description, e] as const))(
    'validates against the input schema and runs: %s',
    async (_d, example) => {
      const step = yaml.parse(example.example).steps[0];
      expect(step.action).toBe(CATALOG_WAIT_ACTION_ID);
      expect(
        new Validator().validate(step.input, action.schema!.input!).errors,
      ).toEqual([]);
      const ctx = createMockActionContext({ input: step.input });
      await action.handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith(
        'entityRef',
        step.input.entityRef,
      );
    },
  );

  it('the schema refuses a timeout beyond ten minutes', () => {
    const result = new Validator().validate(
      { entityRef: 'component:default/checkout', timeoutSeconds: 601 },
      action.schema!.input!,
    );
    expect(result.errors.length).toBeGreaterThan(0);
  });
});
