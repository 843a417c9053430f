import fs from 'node:fs';
import path from 'node:path';
import { loadValidationTools, ValidationTools } from './tools';
import { CheckName, Finding, ValidationReport } from './types';
import { validateTree } from './validate';
import { cleanTreeFiles, writeTree } from './__testUtils__/cleanTree';

// The real tools (kubectl, kubeconform, helm, terragrunt, checkov) run here,
// several per tree, on a shared machine.
jest.setTimeout(300_000);

const roots: string[] = [];
let tools: ValidationTools;
let clean: Record<string, string>;

beforeAll(async () => {
  tools = loadValidationTools();
  clean = await cleanTreeFiles();
});

afterAll(() => {
  for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
});

/** Validates the clean tree with `change` applied to its files. */
async function validateWith(
  change: (files: Record<string, string>) => void,
  checks?: CheckName[],
): Promise<ValidationReport> {
  const files = { ...clean };
  change(files);
  const root = writeTree(files);
  roots.push(root);
  return validateTree(root, { tools, checks });
}

function edit(
  files: Record<string, string>,
  file: string,
  from: string | RegExp,
  to: string,
) {
  const before = files[file];
  files[file] = before.replace(from, to);
  if (files[file] === before)
    throw new Error(`edit of ${file} changed nothing`);
}

const summary = (f: Finding) => ({
  check: f.check,
  file: f.file,
  kind: f.object?.kind,
  name: f.object?.name,
  field: f.field,
});

describe('validateTree', () => {
  it('passes the clean tree with zero findings', async () => {
    const report = await validateWith(() => {});
    expect(report.findings).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.checks.map(c => c.check)).toEqual([
      'kustomize',
      'schema',
      'helm',
      'consistency',
      'hcl',
      'security',
    ]);
    // The podinfo and cert-manager charts were rendered and validated too.
    expect(report.objects).toBeGreaterThan(30);
    expect(report.checkov!.passed).toBeGreaterThan(0);
    expect(report.checkov!.failed).toBe(0);
    // CKV_K8S_43 (annotation) and CKV_TF_1 (comment), both with a reason.
    expect(report.checkov!.skipped).toBe(2);
  });

  it('finds an unknown field in a HelmRelease spec', async () => {
    const report = await validateWith(
      f =>
        edit(
          f,
          'apps/base/demo/release.yaml',
          '  interval: 30m\n',
          '  interval: 30m\n  valuez: {}\n',
        ),
      ['kustomize', 'schema'],
    );
    expect(report.findings.map(summary)).toEqual([
      {
        check: 'schema',
        file: 'apps/base/demo/release.yaml',
        kind: 'HelmRelease',
        name: 'podinfo',
        field: 'spec.valuez',
      },
    ]);
    expect(report.findings[0].object?.namespace).toBe('demo');
    expect(report.findings[0].message).toMatch(/unknown field 'valuez'/);
  });

  it('finds a wrong apiVersion', async () => {
    const report = await validateWith(
      f =>
        edit(f, 'apps/base/demo/hpa.yaml', 'autoscaling/v2', 'autoscaling/v3'),
      ['kustomize', 'schema'],
    );
    expect(report.findings.map(summary)).toEqual([
      {
        check: 'schema',
        file: 'apps/base/demo/hpa.yaml',
        kind: 'HorizontalPodAutoscaler',
        name: 'podinfo',
        field: 'apiVersion',
      },
    ]);
  });

  it('validates the GKE BackendConfig and FrontendConfig against the CRDs ingress-gce installs', async () => {
    const gkeConfigs = (
      apiVersion: string,
      policyField: string,
      redirectField: string,
    ) =>
      validateWith(
        f => {
          f[
            'apps/base/demo/backendconfig.yaml'
          ] = `apiVersion: ${apiVersion}\nkind: BackendConfig\nmetadata:\n  name: podinfo\n  namespace: demo\nspec:\n  securityPolicy:\n    ${policyField}: edge\n`;
          f[
            'apps/base/demo/frontendconfig.yaml'
          ] = `apiVersion: networking.gke.io/v1beta1\nkind: FrontendConfig\nmetadata:\n  name: podinfo\n  namespace: demo\nspec:\n  ${redirectField}:\n    enabled: true\n`;
        },
        ['schema'],
      );
    const known = await gkeConfigs(
      'cloud.google.com/v1',
      'name',
      'redirectToHttps',
    );
    expect(known.findings).toEqual([]);
    const wrong = await gkeConfigs(
      'cloud.google.com/v1',
      'policyName',
      'redirectToHTTPS',
    );
    expect(wrong.findings.map(summary)).toEqual([
      // `name` is required, and `policyName` is not a field.
      {
        check: 'schema',
        file: 'apps/base/demo/backendconfig.yaml',
        kind: 'BackendConfig',
        name: 'podinfo',
        field: 'spec.securityPolicy.name',
      },
      {
        check: 'schema',
        file: 'apps/base/demo/backendconfig.yaml',
        kind: 'BackendConfig',
        name: 'podinfo',
        field: 'spec.securityPolicy.policyName',
      },
      {
        check: 'schema',
        file: 'apps/base/demo/frontendconfig.yaml',
        kind: 'FrontendConfig',
        name: 'podinfo',
        field: 'spec.redirectToHTTPS',
      },
    ]);
    const misspelt = await gkeConfigs(
      'cloud.google.com/v2',
      'name',
      'redirectToHttps',
    );
    expect(misspelt.findings.map(summary)).toEqual([
      {
        check: 'schema',
        file: 'apps/base/demo/backendconfig.yaml',
        kind: 'BackendConfig',
        name: 'podinfo',
        field: 'apiVersion',
      },
    ]);
  });

  it('finds a missing required Certificate field', async () => {
    const report = await validateWith(
      f =>
        edit(
          f,
          'apps/base/demo/certificate.yaml',
          / {2}issuerRef:\n.*\n.*\n/,
          '',
        ),
      ['kustomize', 'schema'],
    );
    expect(report.findings.map(summary)).toEqual([
      {
        check: 'schema',
        file: 'apps/base/demo/certificate.yaml',
        kind: 'Certificate',
        name: 'podinfo',
        field: 'spec.issuerRef',
      },
    ]);
  });

  it("checks every environment's variant of an object", async () => {
    // Staging patches the Ingress host; production keeps the base. Both
    // overlays build the same Ingress (same namespace and name), and each is
    // checked against its own environment's Certificate.
    const report = await validateWith(
      f => {
        f[
          'apps/staging/kustomization.yaml'
        ] = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../base/demo
patches:
  - target:
      kind: Ingress
      name: podinfo
    patch: |
      - op: replace
        path: /spec/tls/0/hosts/0
        value: staging.example.com
`;
      },
      ['kustomize', 'consistency'],
    );
    expect(
      report.findings.map(({ check, file, field, origin }) => ({
        check,
        file,
        field,
        origin,
      })),
    ).toEqual([
      {
        check: 'consistency',
        file: 'apps/base/demo/ingress.yaml',
        field: 'spec.tls[0].hosts[0]',
        origin: 'kubectl kustomize apps/staging',
      },
    ]);
  });

  it('finds a dependsOn to nothing', async () => {
    const report = await validateWith(
      f =>
        edit(
          f,
          'clusters/production/apps.yaml',
          '- name: infra-controllers',
          '- name: infra-configs',
        ),
      ['kustomize', 'consistency'],
    );
    expect(report.findings.map(summary)).toEqual([
      {
        check: 'consistency',
        file: 'clusters/production/apps.yaml',
        kind: 'Kustomization',
        name: 'apps',
        field: 'spec.dependsOn[0].name',
      },
    ]);
  });

  it('finds a plaintext Secret', async () => {
    const report = await validateWith(
      f => {
        f['apps/base/demo/secret.yaml'] =
          'apiVersion: v1\nkind: Secret\nmetadata:\n  name: demo-db\nstringData:\n  password: hunter2\n';
      },
      ['kustomize', 'consistency'],
    );
    expect(report.findings.map(summary)).toEqual([
      {
        check: 'consistency',
        file: 'apps/base/demo/secret.yaml',
        kind: 'Secret',
        name: 'demo-db',
        field: 'stringData.password',
      },
    ]);
    expect(report.findings[0].message).toMatch(/not SOPS-encrypted/);
    expect(JSON.stringify(report)).not.toContain('hunter2');
  });

  it('finds a Secret that .sops.yaml does not cover', async () => {
    const report = await validateWith(
      f => edit(f, '.sops.yaml', '^apps/', '^secrets/'),
      ['kustomize', 'consistency'],
    );
    expect(report.findings.map(summary)).toEqual([
      {
        check: 'consistency',
        file: 'apps/base/demo/secret.yaml',
        kind: 'Secret',
        name: 'demo-db',
        field: undefined,
      },
    ]);
  });

  it('finds a workload without requests', async () => {
    const report = await validateWith(
      f =>
        edit(f, 'apps/base/demo/worker.yaml', / {12}requests:\n.*\n.*\n/, ''),
      ['kustomize', 'consistency'],
    );
    expect(report.findings.map(summary)).toEqual([
      {
        check: 'consistency',
        file: 'apps/base/demo/worker.yaml',
        kind: 'Deployment',
        name: 'worker',
        field: 'spec.template.spec.containers[0].resources.requests.cpu',
      },
      {
        check: 'consistency',
        file: 'apps/base/demo/worker.yaml',
        kind: 'Deployment',
        name: 'worker',
        field: 'spec.template.spec.containers[0].resources.requests.memory',
      },
    ]);
  });

  it('finds an HPA whose target does not exist and a missing kubernetes-id label', async () => {
    const report = await validateWith(
      f => {
        edit(
          f,
          'apps/base/demo/hpa.yaml',
          'name: podinfo\n  minReplicas',
          'name: podinfo-web\n  minReplicas',
        );
        edit(
          f,
          'apps/base/demo/release.yaml',
          / {2}commonMetadata:\n.*\n.*\n/,
          '',
        );
      },
      ['kustomize', 'helm', 'consistency'],
    );
    const fields = report.findings.map(f => `${f.object?.kind} ${f.field}`);
    expect(fields).toContain(
      'HorizontalPodAutoscaler spec.scaleTargetRef.name',
    );
    expect(fields).toContain(
      'Deployment metadata.labels["backstage.io/kubernetes-id"]',
    );
    const label = report.findings.find(f => f.object?.kind === 'Deployment')!;
    expect(label.file).toBe('apps/base/demo/release.yaml');
    expect(label.origin).toMatch(/helm template podinfo 6\.9\.2/);
  });

  it('finds a misspelt chart value', async () => {
    const report = await validateWith(
      f =>
        edit(
          f,
          'apps/base/demo/release.yaml',
          'replicaCount: 2',
          'replicaCont: 2',
        ),
      ['kustomize', 'helm'],
    );
    expect(report.findings.map(summary)).toEqual([
      {
        check: 'helm',
        file: 'apps/base/demo/release.yaml',
        kind: 'HelmRelease',
        name: 'podinfo',
        field: 'spec.values.replicaCont',
      },
    ]);
  });

  it('finds a chart-schema violation through helm', async () => {
    const report = await validateWith(
      f =>
        edit(
          f,
          'infrastructure/controllers/cert-manager.yaml',
          '    crds:\n      enabled: true\n',
          '    crds:\n      enabled: "yes"\n',
        ),
      ['kustomize', 'helm'],
    );
    expect(report.findings.map(summary)).toEqual([
      {
        check: 'helm',
        file: 'infrastructure/controllers/cert-manager.yaml',
        kind: 'HelmRelease',
        name: 'cert-manager',
        field: 'spec.values.crds.enabled',
      },
    ]);
  });

  it('finds an HCL syntax error', async () => {
    const report = await validateWith(
      f => edit(f, 'infra/root.hcl', 'backend = "gcs"', 'backend = "gcs'),
      ['hcl'],
    );
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings[0]).toMatchObject({
      check: 'hcl',
      file: 'infra/root.hcl',
      line: 2,
    });
  });

  it('finds HCL and Terraform files that are not formatted canonically', async () => {
    const report = await validateWith(
      f => {
        edit(f, 'infra/gke/terragrunt.hcl', 'name   = "demo"', 'name = "demo"');
        edit(
          f,
          'infra/modules/kms/main.tf',
          'type = string',
          'type    = string',
        );
      },
      ['hcl'],
    );
    expect(
      report.findings.map(({ file, line, message }) => ({
        file,
        line,
        message,
      })),
    ).toEqual([
      {
        file: 'infra/gke/terragrunt.hcl',
        line: 10,
        message: expect.stringMatching(/not formatted canonically/),
      },
      {
        file: 'infra/modules/kms/main.tf',
        line: 2,
        message: expect.stringMatching(/not formatted canonically/),
      },
    ]);
  });

  it('finds a Terragrunt dependency to a missing folder', async () => {
    const report = await validateWith(
      f =>
        edit(
          f,
          'infra/kms/terragrunt.hcl',
          'config_path = "../gke"',
          'config_path = "../network"',
        ),
      ['hcl'],
    );
    expect(report.findings.map(summary)).toContainEqual({
      check: 'hcl',
      file: 'infra/kms/terragrunt.hcl',
      kind: undefined,
      name: undefined,
      field: 'dependency.gke.config_path',
    });
  });

  it('finds an unpinned module source', async () => {
    const report = await validateWith(
      f =>
        edit(
          f,
          'infra/modules/kms/main.tf',
          '  source  = "terraform-google-modules/kms/google"\n  version = "4.0.0"\n',
          '  source = "terraform-google-modules/kms/google"\n',
        ),
      ['hcl'],
    );
    expect(report.findings.map(summary)).toEqual([
      {
        check: 'hcl',
        file: 'infra/modules/kms/main.tf',
        kind: undefined,
        name: undefined,
        field: 'module.kms.version',
      },
    ]);
  });

  it('finds an Ingress without TLS (checkov)', async () => {
    const report = await validateWith(
      f => edit(f, 'apps/base/demo/ingress.yaml', / {2}tls:\n(.*\n){4}/, ''),
      ['kustomize', 'security'],
    );
    expect(report.findings.map(f => ({ ...summary(f), rule: f.rule }))).toEqual(
      [
        {
          check: 'security',
          file: 'apps/base/demo/ingress.yaml',
          kind: 'Ingress',
          name: 'podinfo',
          field: undefined,
          rule: 'CKV2_DRKTRC_1',
        },
      ],
    );
  });

  it('accepts an Ingress whose TLS is a GKE managed certificate (checkov)', async () => {
    const report = await validateWith(
      f => {
        edit(f, 'apps/base/demo/ingress.yaml', / {2}tls:\n(.*\n){4}/, '');
        edit(
          f,
          'apps/base/demo/ingress.yaml',
          '  name: podinfo\nspec:',
          '  name: podinfo\n  annotations:\n    networking.gke.io/managed-certificates: podinfo\nspec:',
        );
      },
      ['kustomize', 'security'],
    );
    expect(report.findings).toEqual([]);
  });

  it('counts a checkov suppression without a reason', async () => {
    const report = await validateWith(
      f =>
        edit(
          f,
          'apps/base/demo/worker.yaml',
          /CKV_K8S_43=.*\n/,
          'CKV_K8S_43\n',
        ),
      ['kustomize', 'security'],
    );
    expect(report.findings.map(f => [f.file, f.rule])).toEqual([
      ['apps/base/demo/worker.yaml', 'CKV_K8S_43'],
    ]);
    expect(report.findings[0].message).toMatch(/without a reason/);
  });

  it('reports a kustomization that does not build', async () => {
    const report = await validateWith(
      f =>
        edit(
          f,
          'apps/base/demo/kustomization.yaml',
          '  - hpa.yaml\n',
          '  - hpa.yaml\n  - missing.yaml\n',
        ),
      ['kustomize'],
    );
    // The overlay that includes the broken base fails too.
    expect(report.findings.map(f => f.file)).toEqual([
      'apps/base/demo/kustomization.yaml',
      'apps/production/kustomization.yaml',
    ]);
    expect(report.findings[0].message).toMatch(/missing\.yaml/);
  });

  it('reports a Flux Kustomization path that does not exist', async () => {
    const report = await validateWith(
      f =>
        edit(
          f,
          'clusters/production/apps.yaml',
          './apps/production',
          './apps/staging',
        ),
      ['kustomize'],
    );
    expect(report.findings.map(summary)).toEqual([
      {
        check: 'kustomize',
        file: 'clusters/production/apps.yaml',
        kind: 'Kustomization',
        name: 'apps',
        field: 'spec.path',
      },
    ]);
  });
});

describe('loadValidationTools', () => {
  it('names the set-up command when the tool set is missing', () => {
    expect(() =>
      loadValidationTools(path.join(__dirname, 'no-such-manifest.json')),
    ).toThrow(/run scripts\/ensure-tools\.sh/);
  });

  it('names the set-up command when a tool is missing', () => {
    const dir = writeTree({});
    roots.push(dir);
    const manifest = path.join(dir, 'manifest.json');
    fs.writeFileSync(
      manifest,
      JSON.stringify({
        ...tools,
        tools: {
          ...tools.tools,
          helm: { path: path.join(dir, 'helm'), version: '3.22.0' },
        },
      }),
    );
    expect(() => loadValidationTools(manifest)).toThrow(
      /helm 3\.22\.0 .* is not set up; run scripts\/ensure-tools\.sh/,
    );
  });
});
