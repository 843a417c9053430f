/**
 * Hostile and wrong values for templates/gitops-service: refused by the
 * form's schema (the scaffolder validates it again on the server), and by
 * our actions for what a schema cannot say; nothing is published.
 */
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import {
  PortalBackend,
  run,
  startPortalBackend,
  templateDir,
} from '../__testUtils__/portalBackend';

jest.setTimeout(180_000);

const example = yaml.parse(
  fs.readFileSync(path.join(templateDir, 'tests/example/values.yaml'), 'utf8'),
);
const secrets = yaml.parse(
  fs.readFileSync(path.join(templateDir, 'tests/example/secrets.yaml'), 'utf8'),
);

let portal: PortalBackend;
beforeAll(async () => {
  portal = await startPortalBackend();
});
afterAll(() => portal?.cleanup());

const repositories = () =>
  fs.existsSync(portal.gitRoot) ? fs.readdirSync(portal.gitRoot).sort() : [];

describe('the form schema (validated again by the scaffolder on the server)', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['a name with ../', { name: '../etc' }, 'instance.name'],
    ['an upper-case name', { name: 'Checkout' }, 'instance.name'],
    ['a name longer than 63', { name: 'a'.repeat(64) }, 'instance.name'],
    ['a name with a newline', { name: 'check\nout' }, 'instance.name'],
    [
      'a description with a double quote',
      { description: 'say "hi"' },
      'instance.description',
    ],
    [
      'a description with ${',
      { description: 'cost ${x}' },
      'instance.description',
    ],
    [
      'a description with {{',
      { description: '{{ values.x }}' },
      'instance.description',
    ],
    [
      'a description with {%',
      { description: '{% raw %}' },
      'instance.description',
    ],
    ['a system with ../', { system: '../x' }, 'instance.system'],
    [
      'a CIDR that is not one',
      {
        clusters: [
          { ...example.clusters[0], authorizedNetworks: ['10.0.0.0/33'] },
        ],
      },
      'instance.clusters[0].authorizedNetworks[0]',
    ],
    [
      'a region that does not exist',
      { region: 'europe-west99' },
      'instance.region',
    ],
    [
      'a duplicate environment',
      { environments: ['staging', 'staging'] },
      'instance.environments',
    ],
    ['a host with a dot', { hosts: ['api.x'] }, 'instance.hosts[0]'],
    [
      'an app secret name in lower case',
      { appSecretName: 'api_key' },
      'instance.appSecretName',
    ],
  ];

  it.each(cases)(
    'refuses %s, naming the field',
    async (_what, override, property) => {
      const before = repositories();
      const res = await portal.createTask({
        values: { ...example, ...override },
        secrets,
      });
      expect(res.status).toBe(400);
      const body = (await res.json()) as {
        errors: Array<{ property: string }>;
      };
      expect(body.errors.map(e => e.property)).toContain(property);
      expect(repositories()).toEqual(before);
    },
  );
});

describe('our actions (for what a schema cannot say, and for callers that skip the form)', () => {
  it('refuses a cluster for an environment that is not listed, naming the field', async () => {
    const task = await portal.runTask({
      values: {
        ...example,
        name: 'mismatch',
        clusters: [
          example.clusters[0],
          { ...example.clusters[1], environment: 'staging' },
        ],
      },
      secrets,
    });
    expect(task.status).toBe('failed');
    expect(task.log).toContain(
      "clusters[1].environment 'staging' is a duplicate environment",
    );
    expect(task.log).toContain(
      "clusters has no entry for environment 'production'",
    );
    expect(repositories()).not.toContain('mismatch.git');
  });

  it('refuses GitHub when no GitHub integration is configured, publishing nothing', async () => {
    const before = repositories();
    const task = await portal.runTask({
      values: {
        ...example,
        name: 'to-github',
        publishTo: 'github',
        githubRepoUrl: 'github.com?owner=acme&repo=to-github',
      },
      secrets,
    });
    expect(task.status).toBe('failed');
    expect(task.log).toContain(
      "publishTo is 'github' but no GitHub integration with credentials is configured",
    );
    expect(task.log).not.toContain('Render the repository');
    expect(repositories()).toEqual(before);
  });

  it('refuses an existing repository name before rendering anything, and leaves that repository as it was', async () => {
    const first = await portal.runTask({
      values: { ...example, name: 'taken' },
      secrets,
    });
    expect(first.status).toBe('completed');
    const bare = path.join(portal.gitRoot, 'taken.git');
    const head = await run('git', ['rev-parse', 'main'], { cwd: bare });

    const second = await portal.runTask({
      values: { ...example, name: 'taken', description: 'Another service' },
      secrets,
    });
    expect(second.status).toBe('failed');
    expect(second.log).toContain(
      "repoName: repository 'taken' already exists on the portal git server",
    );
    expect(second.log).not.toContain('Render the repository');
    expect(await run('git', ['rev-parse', 'main'], { cwd: bare })).toBe(head);
  });
});
