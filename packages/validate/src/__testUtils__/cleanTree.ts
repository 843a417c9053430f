import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { AgeKeySource, KeySourceRegistry, encryptSops } from '@drktrc/sops';

/**
 * A small generated-repository-like tree that passes every check: a Flux
 * layout (clusters/, infrastructure/, apps/), a HelmRelease of podinfo with
 * an HPA, Certificate and Ingress, a SOPS-encrypted Secret, a hardened
 * worker Deployment, and Terragrunt units with a Terraform module.
 */
export const CLEAN_TREE: Record<string, string> = {
  'catalog-info.yaml': `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: demo
  annotations:
    backstage.io/kubernetes-id: demo
spec:
  type: service
  lifecycle: production
  owner: group:default/developers
`,
  'clusters/production/flux-system/gotk-sync.yaml': `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: flux-system
  namespace: flux-system
spec:
  interval: 1m0s
  ref:
    branch: main
  url: ssh://git@github.com/example/demo
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: flux-system
  namespace: flux-system
spec:
  interval: 10m0s
  path: ./clusters/production
  prune: true
  sourceRef:
    kind: GitRepository
    name: flux-system
`,
  'clusters/production/infrastructure.yaml': `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: infra-controllers
  namespace: flux-system
spec:
  interval: 1h
  path: ./infrastructure/controllers
  prune: true
  wait: true
  sourceRef:
    kind: GitRepository
    name: flux-system
`,
  'clusters/production/apps.yaml': `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: apps
  namespace: flux-system
spec:
  interval: 10m
  dependsOn:
    - name: infra-controllers
  path: ./apps/production
  prune: true
  sourceRef:
    kind: GitRepository
    name: flux-system
  decryption:
    provider: sops
`,
  'infrastructure/controllers/kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - cert-manager.yaml
`,
  'infrastructure/controllers/cert-manager.yaml': `apiVersion: v1
kind: Namespace
metadata:
  name: cert-manager
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: jetstack
  namespace: cert-manager
spec:
  interval: 24h
  url: https://charts.jetstack.io
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: cert-manager
  namespace: cert-manager
spec:
  interval: 30m
  chart:
    spec:
      chart: cert-manager
      version: "1.19.1"
      sourceRef:
        kind: HelmRepository
        name: jetstack
  values:
    crds:
      enabled: true
    resources:
      requests:
        cpu: 50m
        memory: 64Mi
    webhook:
      resources:
        requests:
          cpu: 20m
          memory: 32Mi
    cainjector:
      resources:
        requests:
          cpu: 20m
          memory: 64Mi
    startupapicheck:
      enabled: false
`,
  'apps/production/kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../base/demo
`,
  'apps/base/demo/kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: demo
labels:
  - pairs:
      backstage.io/kubernetes-id: demo
resources:
  - namespace.yaml
  - release.yaml
  - hpa.yaml
  - certificate.yaml
  - ingress.yaml
  - worker.yaml
  - network-policy.yaml
  - secret.yaml
`,
  'apps/base/demo/namespace.yaml': `apiVersion: v1
kind: Namespace
metadata:
  name: demo
`,
  'apps/base/demo/release.yaml': `apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: podinfo
spec:
  interval: 24h
  url: https://stefanprodan.github.io/podinfo
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: podinfo
spec:
  interval: 30m
  chart:
    spec:
      chart: podinfo
      version: "6.9.2"
      sourceRef:
        kind: HelmRepository
        name: podinfo
  commonMetadata:
    labels:
      backstage.io/kubernetes-id: demo
  values:
    replicaCount: 2
    resources:
      requests:
        cpu: 100m
        memory: 64Mi
    hpa:
      enabled: false
`,
  'apps/base/demo/hpa.yaml': `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: podinfo
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: podinfo
  minReplicas: 2
  maxReplicas: 6
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 80
`,
  'apps/base/demo/certificate.yaml': `apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: podinfo
spec:
  secretName: podinfo-tls
  dnsNames:
    - demo.example.com
  issuerRef:
    kind: ClusterIssuer
    name: letsencrypt
`,
  'apps/base/demo/ingress.yaml': `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: podinfo
spec:
  tls:
    - hosts:
        - demo.example.com
      secretName: podinfo-tls
  rules:
    - host: demo.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: podinfo
                port:
                  number: 9898
`,
  'apps/base/demo/worker.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
  annotations:
    checkov.io/skip1: CKV_K8S_43=the image is pinned by tag in this example; a digest is not known offline
spec:
  replicas: 1
  selector:
    matchLabels:
      app: worker
  template:
    metadata:
      labels:
        app: worker
    spec:
      automountServiceAccountToken: false
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: worker
          image: ghcr.io/stefanprodan/podinfo:6.9.2
          imagePullPolicy: Always
          command: ["./podinfo", "--port=9898"]
          ports:
            - containerPort: 9898
          livenessProbe:
            httpGet:
              path: /healthz
              port: 9898
          readinessProbe:
            httpGet:
              path: /readyz
              port: 9898
          resources:
            requests:
              cpu: 10m
              memory: 32Mi
            limits:
              cpu: 100m
              memory: 64Mi
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            runAsNonRoot: true
            runAsUser: 10001
            capabilities:
              drop:
                - ALL
`,
  'apps/base/demo/network-policy.yaml': `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: worker
spec:
  podSelector:
    matchLabels:
      app: worker
  policyTypes:
    - Ingress
  ingress:
    - from:
        - podSelector: {}
`,
  'infra/root.hcl': `remote_state {
  backend = "gcs"
  config = {
    bucket = "demo-tfstate"
    prefix = path_relative_to_include()
  }
}
`,
  'infra/gke/terragrunt.hcl': `include "root" {
  path = find_in_parent_folders("root.hcl")
}

terraform {
  source = "git::https://github.com/terraform-google-modules/terraform-google-kubernetes-engine.git//modules/private-cluster?ref=v38.0.1"
}

inputs = {
  name   = "demo"
  region = "europe-west2"
}
`,
  'infra/kms/terragrunt.hcl': `include "root" {
  path = find_in_parent_folders("root.hcl")
}

terraform {
  source = "../modules/kms"
}

dependency "gke" {
  config_path = "../gke"
  mock_outputs = {
    name = "demo"
  }
}

inputs = {
  cluster = dependency.gke.outputs.name
}
`,
  'infra/modules/kms/main.tf': `variable "cluster" {
  type = string
}

module "kms" {
  # checkov:skip=CKV_TF_1: a registry module pinned to an exact version
  source  = "terraform-google-modules/kms/google"
  version = "4.0.0"

  keyring  = "flux-\${var.cluster}"
  keys     = ["sops"]
  location = "europe-west2"
}
`,
};

/** The plaintext Secret the clean tree holds SOPS-encrypted. */
export const SECRET_YAML = `apiVersion: v1
kind: Secret
metadata:
  name: demo-db
type: Opaque
stringData:
  password: not-a-real-password
`;

/** Writes `files` under a new temporary folder and returns it. */
export function writeTree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'drktrc-validate-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

/** The clean tree's files, its Secret encrypted with a fresh age key. */
export async function cleanTreeFiles(): Promise<Record<string, string>> {
  const recipient = await identityToRecipient(await generateIdentity());
  const rules = { encrypted_regex: '^(data|stringData)$' };
  const secret = await encryptSops({
    input: SECRET_YAML,
    store: 'yaml',
    keys: [{ type: 'age', id: recipient }],
    rules,
    keySources: new KeySourceRegistry([new AgeKeySource()]),
  });
  return {
    ...CLEAN_TREE,
    '.sops.yaml': `creation_rules:
  - path_regex: ^apps/.*\\.yaml$
    encrypted_regex: ^(data|stringData)$
    age: ${recipient}
`,
    'apps/base/demo/secret.yaml': secret.toString('utf8'),
  };
}
