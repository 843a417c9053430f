/**
 * The form's JSON schema and the server-side check state the same rules:
 * the lists the schema enumerates are the constants the check uses.
 */
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import {
  CERTIFICATE_ISSUERS,
  GCP_REGIONS,
  GCP_ZONE_SUFFIXES,
  GKE_RELEASE_CHANNELS,
} from '@drktrc/plugin-gitops-common';
import { templateDir } from '../__testUtils__/portalBackend';

const template = yaml.parse(
  fs.readFileSync(path.join(templateDir, 'template.yaml'), 'utf8'),
);
const properties: Record<string, any> = Object.assign(
  {},
  ...template.spec.parameters.map((page: any) => page.properties),
);

describe('templates/gitops-service form schema', () => {
  it('enumerates the regions, zones, release channels and issuers the check accepts', () => {
    expect(properties.region.enum).toEqual([...GCP_REGIONS]);
    expect(properties.zones.items.enum).toEqual([...GCP_ZONE_SUFFIXES]);
    expect(properties.clusters.items.properties.releaseChannel.enum).toEqual([
      ...GKE_RELEASE_CHANNELS,
    ]);
    expect(properties.issuer.enum).toEqual([...CERTIFICATE_ISSUERS]);
  });

  it('takes secrets only through Secret fields, never as plain parameters', () => {
    const secretFields = Object.entries(properties)
      .filter(([, p]) => p['ui:field'] === 'Secret')
      .map(([k]) => k);
    expect(secretFields).toEqual(['redisPassword', 'appSecretValue']);
    const steps = JSON.stringify(template.spec.steps);
    for (const field of secretFields) {
      expect(steps).not.toContain(`parameters.${field}`);
    }
  });

  it('gives every field a description with an example', () => {
    const described = (p: any): string[] => [
      p.description,
      ...Object.values<any>(p.items?.properties ?? {}).flatMap(described),
    ];
    const missing = Object.entries(properties)
      .filter(([k]) => k !== 'owner')
      .flatMap(([k, p]) =>
        described(p)
          .filter(d => !/\(example/.test(d ?? ''))
          .map(d => `${k}: ${d}`),
      );
    expect(missing).toEqual([]);
  });
});
