import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  GitFleetRepository,
  GkeClusterResolver,
} from '@drktrc/plugin-gitops-node';
import { Validator } from 'jsonschema';
import { parse } from 'yaml';
import { createClusterRegisterAction } from './clusterRegister';
import { examples } from './clusterRegister.examples';

describe('gitops:cluster:register examples', () => {
  const action = createClusterRegisterAction({
    fleet: new GitFleetRepository({ url: '/nonexistent' }),
    gke: new GkeClusterResolver({ endpoint: '127.0.0.1:1' }),
    catalog: catalogServiceMock.mock(),
    permissions: mockServices.permissions.mock(),
    catalogBaseUrl: 'https://git.example.com/fleet/blob/main',
  });

  it.each(examples.map(e => [e.description, e] as const))(
    '%s',
    (_d, example) => {
      const step = parse(example.example).steps[0];
      expect(step.action).toBe(action.id);
      const validation = new Validator().validate(
        step.input,
        action.schema!.input!,
      );
      expect(validation.errors).toEqual([]);
    },
  );

  it('the schema refuses input without the required fields', () => {
    const bad = new Validator().validate({ name: 'x' }, action.schema!.input!);
    expect(bad.errors.map(e => e.argument).sort()).toEqual([
      'environment',
      'owner',
      'region',
    ]);
  });
});
