/**
 * Golden tests of templates/gitops-service: each case under tests/<case>/
 * runs through the real scaffolder (its own fetch:template and nunjucks),
 * sops:encrypt with an age key, gitops:validate and publish:portal to the
 * git server; the published repository is then cloned with git and checked
 * with the real readers: kubectl kustomize, sops -d, hcl2json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'yaml';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { sopsBin } from '@drktrc/sops/testUtils';
import {
  PortalBackend,
  TaskResult,
  listFiles,
  run,
  startPortalBackend,
  templateDir,
} from '../__testUtils__/portalBackend';

jest.setTimeout(180_000);

const cases = fs
  .readdirSync(path.join(templateDir, 'tests'), { withFileTypes: true })
  .filter(d => d.isDirectory())
  .map(d => d.name)
  .sort();

function readCase(name: string) {
  const dir = path.join(templateDir, 'tests', name);
  return {
    values: yaml.parse(fs.readFileSync(path.join(dir, 'values.yaml'), 'utf8')),
    secrets: yaml.parse(
      fs.readFileSync(path.join(dir, 'secrets.yaml'), 'utf8'),
    ),
  };
}

/** Directories (relative) holding a kustomization.yaml. */
const kustomizationDirs = (root: string) =>
  listFiles(root)
    .filter(f => path.basename(f) === 'kustomization.yaml')
    .map(f => path.dirname(f));

let portal: PortalBackend;
beforeAll(async () => {
  portal = await startPortalBackend();
});
afterAll(() => portal?.cleanup());

it('has the three cases the issue asks for', () => {
  expect(cases).toEqual([
    'example',
    'one-environment-cert-manager',
    'three-environments-managed-certificate',
  ]);
});

describe.each(cases)('template case %s', caseName => {
  const { values, secrets } = readCase(caseName);
  const name: string = values.name;
  let task: TaskResult;
  let clone: string;

  beforeAll(async () => {
    task = await portal.runTask({ values, secrets });
    clone = fs.mkdtempSync(path.join(os.tmpdir(), `clone-${name}-`));
    if (task.status === 'completed') {
      await run('git', [
        'clone',
        '--quiet',
        `${portal.baseUrl}/api/git-server/git/${name}.git`,
        clone,
      ]);
    }
  });
  afterAll(() => fs.rmSync(clone, { recursive: true, force: true }));

  it('finishes the task and links the repository, clone command and catalog page', () => {
    expect({
      status: task.status,
      log: task.status === 'completed' ? '' : task.log,
    }).toEqual({
      status: 'completed',
      log: '',
    });
    const links = task.output.links as Array<{
      title: string;
      url?: string;
      entityRef?: string;
    }>;
    expect(links).toEqual([
      {
        title: 'Repository',
        url: `${portal.baseUrl}/api/git-server/repositories/${name}/tree/main/`,
      },
      {
        title: 'Open in catalog',
        icon: 'catalog',
        entityRef: `component:default/${name}`,
      },
    ]);
    expect(JSON.stringify(task.output.text)).toContain(
      `git clone ${portal.baseUrl}/api/git-server/git/${name}.git`,
    );
  });

  it('commits as the user who ran the task', async () => {
    const log = await run('git', ['log', '--format=%an <%ae>|%cn <%ce>|%s'], {
      cwd: clone,
    });
    expect(log.trim()).toBe(
      `Alex Developer <alex@example.com>|Alex Developer <alex@example.com>|Scaffold ${name} from the GitOps service template`,
    );
  });

  it('registers the catalog-info.yaml read back from the git server', () => {
    const entity = portal.catalog.registered.find(
      e => e.metadata.name === name,
    );
    expect(entity?.kind).toBe('Component');
    expect(entity?.metadata.annotations?.['backstage.io/kubernetes-id']).toBe(
      name,
    );
    expect(entity?.spec?.owner).toBe(values.owner);
    const titles = (entity?.metadata.links ?? []).map(l => l.title);
    expect(titles).toEqual([
      'Repository',
      ...values.environments.flatMap((env: string) => [
        `Site (${env})`,
        `Grafana (${env})`,
      ]),
    ]);
  });

  it('builds every Flux path with kubectl kustomize, every object labelled', async () => {
    const dirs = kustomizationDirs(clone);
    const fluxPaths = [
      'infrastructure/controllers',
      'infrastructure/configs',
      `apps/base/${name}`,
      ...values.environments.flatMap((env: string) => [
        `clusters/${env}`,
        `clusters/${env}/flux-system`,
        `apps/${env}`,
      ]),
    ].sort();
    expect(dirs.sort()).toEqual(fluxPaths);
    for (const dir of dirs) {
      const out = await run('kubectl', ['kustomize', path.join(clone, dir)]);
      const docs = yaml.parseAllDocuments(out).map(d => d.toJS());
      expect(docs.length).toBeGreaterThan(0);
      for (const obj of docs) {
        expect({
          dir,
          kind: obj.kind,
          label: obj.metadata?.labels?.['backstage.io/kubernetes-id'],
        }).toEqual({
          dir,
          kind: obj.kind,
          label: name,
        });
      }
    }
  });

  it('renders what the values ask for', async () => {
    const build = async (dir: string) =>
      yaml
        .parseAllDocuments(
          await run('kubectl', ['kustomize', path.join(clone, dir)]),
        )
        .map(d => d.toJS());
    const controllers = await build('infrastructure/controllers');
    const releases = controllers
      .filter(o => o.kind === 'HelmRelease')
      .map(o => o.metadata.name);
    const certManager = values.issuer !== 'managed-certificate';
    const custom = values.requestsPerSecond > 0;
    expect(releases.sort()).toEqual(
      [
        ...(certManager ? ['cert-manager'] : []),
        'kube-prometheus-stack',
        ...(custom ? ['prometheus-adapter'] : []),
      ].sort(),
    );
    const configs = await build('infrastructure/configs');
    expect(configs.filter(o => o.kind === 'ClusterIssuer').length).toBe(
      certManager ? 2 : 0,
    );

    for (const env of values.environments as string[]) {
      const app = await build(`apps/${env}`);
      const hpa = app.find(o => o.kind === 'HorizontalPodAutoscaler');
      expect(hpa.apiVersion).toBe('autoscaling/v2');
      expect(
        hpa.spec.metrics.map(
          (m: any) =>
            m.resource?.target.averageUtilization ?? m.pods.metric.name,
        ),
      ).toEqual([
        values.cpuTarget,
        values.memoryTarget,
        ...(custom ? ['http_requests_per_second'] : []),
      ]);
      const ingress = app.find(o => o.kind === 'Ingress');
      const domain =
        env === 'production'
          ? values.baseDomain
          : `${env}.${values.baseDomain}`;
      const hosts = values.hosts.map((h: string) =>
        h === '@' ? domain : `${h}.${domain}`,
      );
      expect(ingress.spec.rules.map((r: any) => r.host)).toEqual(hosts);
      expect(
        ingress.metadata.annotations[
          'kubernetes.io/ingress.global-static-ip-name'
        ],
      ).toBe(`${name}-${env}-ip`);
      expect({
        tlsHosts: ingress.spec.tls?.[0].hosts,
        managedDomains: app.find(o => o.kind === 'ManagedCertificate')?.spec
          .domains,
      }).toEqual(
        certManager
          ? { tlsHosts: hosts, managedDomains: undefined }
          : { tlsHosts: undefined, managedDomains: hosts },
      );
      expect(
        app.find(o => o.kind === 'BackendConfig').spec.securityPolicy.name,
      ).toBe(`${name}-${env}-armor`);
      const release = app.find(o => o.kind === 'HelmRelease');
      expect(release.spec.values.hpa.enabled).toBe(false);
      expect(release.spec.values.redis.enabled).toBe(true);

      const apps = yaml
        .parseAllDocuments(
          fs.readFileSync(
            path.join(clone, `clusters/${env}/apps.yaml`),
            'utf8',
          ),
        )
        .map(d => d.toJS());
      expect(apps[0].spec).toMatchObject({
        dependsOn: [{ name: 'infra-configs' }],
        decryption: { provider: 'sops' },
        path: `./apps/${env}`,
      });
      const fluxSystem = await build(`clusters/${env}/flux-system`);
      const sa = fluxSystem.find(o => o.kind === 'ServiceAccount');
      expect(sa.metadata.annotations['iam.gke.io/gcp-service-account']).toBe(
        `flux-sops-${env}@${values.projectId}.iam.gserviceaccount.com`,
      );
    }
  });

  it('encrypts every Secret with SOPS; the real sops -d gives the entered values', async () => {
    const secretFiles = listFiles(clone).filter(f =>
      /(^|\n)kind: Secret\n/.test(fs.readFileSync(path.join(clone, f), 'utf8')),
    );
    expect(secretFiles.sort()).toEqual(
      (values.environments as string[])
        .map(env => `apps/${env}/secrets.yaml`)
        .sort(),
    );
    for (const file of secretFiles) {
      const encrypted = yaml.parse(
        fs.readFileSync(path.join(clone, file), 'utf8'),
      );
      expect(encrypted.sops.age).toHaveLength(1);
      for (const value of Object.values(encrypted.stringData)) {
        expect(String(value)).toMatch(/^ENC\[AES256_GCM,/);
      }
      const plain = yaml.parse(
        await run(sopsBin(), ['-d', path.join(clone, file)], {
          env: { SOPS_AGE_KEY_FILE: portal.ageKeyFile },
        }),
      );
      expect(plain.stringData).toEqual({
        'redis-password': secrets.redisPassword,
        'app-secret': secrets.appSecretValue,
      });
    }
    const sopsConfig = yaml.parse(
      fs.readFileSync(path.join(clone, '.sops.yaml'), 'utf8'),
    );
    expect(sopsConfig.creation_rules).toEqual(
      (values.environments as string[]).map(env => ({
        path_regex: `^apps/${env}/.*\\.ya?ml$`,
        encrypted_regex: '^(data|stringData)$',
        gcp_kms: `projects/${values.projectId}/locations/${values.region}/keyRings/${name}-${env}/cryptoKeys/sops`,
      })),
    );
  });

  it('writes HCL that parses, with pinned modules and mock outputs', async () => {
    const hclFiles = listFiles(clone).filter(f => f.endsWith('.hcl'));
    expect(hclFiles).toContain('terragrunt/root.hcl');
    const unitNames = [
      'network',
      'cloud-nat',
      'gke',
      'flux-identity',
      'kms',
      'cloud-armor',
      'static-ip',
    ];
    for (const env of values.environments as string[]) {
      for (const unit of unitNames)
        expect(hclFiles).toContain(`terragrunt/${env}/${unit}/terragrunt.hcl`);
    }
    const units: Array<{ file: string; json: any }> = [];
    for (const file of hclFiles) {
      const json = await parseHcl(
        file,
        fs.readFileSync(path.join(clone, file), 'utf8'),
      );
      if (file.endsWith('terragrunt.hcl')) units.push({ file, json });
    }
    for (const { file, json } of units) {
      expect({ file, source: json.terraform[0].source }).toEqual({
        file,
        source: expect.stringMatching(/^tfr:\/\/\/.+\?version=\d+\.\d+\.\d+$/),
      });
      expect(json.include.root[0].path).toBe(
        '${find_in_parent_folders("root.hcl")}',
      );
      expect(
        Object.values<any>(json.dependency ?? {}).filter(
          dep => !dep[0].mock_outputs,
        ),
      ).toEqual([]);
    }
    expect(units.length).toBe(
      (values.environments as string[]).length * unitNames.length,
    );
    const root = await parseHcl(
      'root.hcl',
      fs.readFileSync(path.join(clone, 'terragrunt/root.hcl'), 'utf8'),
    );
    expect(root.remote_state[0]).toMatchObject({ backend: 'gcs' });
    expect(root.remote_state[0].config.bucket).toBe(values.stateBucket);
  });

  it('keeps GitHub Actions expressions out of the template engine', () => {
    const workflow = fs.readFileSync(
      path.join(clone, '.github/workflows/validate.yaml'),
      'utf8',
    );
    expect(workflow).toContain('${{ secrets.GCP_WORKLOAD_IDENTITY_PROVIDER }}');
    expect(yaml.parse(workflow).jobs.flux.steps[1].run).toContain(
      'kubectl kustomize "$d"',
    );
  });

  it('leaves no plaintext secret in the repository, its history, the task log or output', async () => {
    const secretValues = Object.values(secrets) as string[];
    const files = listFiles(clone).map(f =>
      fs.readFileSync(path.join(clone, f), 'utf8'),
    );
    const history = await run(
      'git',
      ['log', '-p', '--all', '--format=%H %an %s%n%b'],
      { cwd: clone },
    );
    const objects = await run('git', ['rev-list', '--objects', '--all'], {
      cwd: clone,
    });
    const bareObjects = listFiles(path.join(portal.gitRoot, `${name}.git`)).map(
      f =>
        fs
          .readFileSync(path.join(portal.gitRoot, `${name}.git`, f))
          .toString('latin1'),
    );
    for (const secret of secretValues) {
      expect(files.filter(f => f.includes(secret))).toEqual([]);
      expect(history.includes(secret)).toBe(false);
      expect(objects.includes(secret)).toBe(false);
      expect(bareObjects.filter(o => o.includes(secret))).toEqual([]);
      expect(task.log.includes(secret)).toBe(false);
      expect(JSON.stringify(task.output).includes(secret)).toBe(false);
    }
    // The log is not empty: the check above looked at something.
    expect(task.log).toContain('Encrypted file');
  });
});
