import fs from 'node:fs';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  GitFleetRepository,
  GkeClusterResolver,
} from '@drktrc/plugin-gitops-node';
import { parse } from 'yaml';
import { createClusterRegisterAction } from './clusterRegister';

// The template that ships with the repository, read as the catalog reads it.
const templateFile = path.resolve(
  __dirname,
  '../../../../templates/register-cluster/template.yaml',
);

describe('templates/register-cluster', () => {
  const template = parse(fs.readFileSync(templateFile, 'utf8'));
  const action = createClusterRegisterAction({
    fleet: new GitFleetRepository({ url: '/nonexistent' }),
    gke: new GkeClusterResolver({ endpoint: '127.0.0.1:1' }),
    catalog: catalogServiceMock.mock(),
    permissions: mockServices.permissions.mock(),
    catalogBaseUrl: 'https://git.example.com/fleet/blob/main',
  });
  const schema = action.schema!.input as {
    properties: Record<string, unknown>;
    required: string[];
  };

  it('is owned by the platform team and runs gitops:cluster:register', () => {
    expect(template.spec.owner).toBe('group:default/platform-team');
    const steps = template.spec.steps.filter(
      (s: { action: string }) => s.action === action.id,
    );
    expect(steps).toHaveLength(1);
  });

  it('passes only inputs the action knows, and every required one', () => {
    const step = template.spec.steps.find(
      (s: { action: string }) => s.action === action.id,
    );
    const keys = Object.keys(step.input);
    expect(keys.filter(k => !(k in schema.properties))).toEqual([]);
    expect(schema.required.filter(k => !keys.includes(k))).toEqual([]);
  });

  it('asks for the GKE coordinates or the endpoint and CA, with the same name pattern the action checks', () => {
    const [cluster, where] = template.spec.parameters;
    expect(cluster.properties.name.pattern).toBe(
      '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$',
    );
    const branches = where.dependencies.source.oneOf.map(
      (b: { required: string[] }) => b.required,
    );
    expect(branches).toEqual([
      ['project', 'location', 'cluster'],
      ['endpoint', 'caCertificate'],
    ]);
  });
});
