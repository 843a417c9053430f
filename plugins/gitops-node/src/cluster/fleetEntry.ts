import { stringify } from 'yaml';

/** Files of the Flux fleet entry `clusters/<name>/`, path -> content. */
export interface FleetEntryOptions {
  name: string;
  /** The fleet repository URL Flux pulls from. */
  repoUrl: string;
  branch: string;
  /**
   * Google service account the kustomize-controller impersonates through
   * Workload Identity (to decrypt SOPS files with GCP KMS). Without it the
   * flux-system patch is left out.
   */
  googleServiceAccount?: string;
}

export function clusterDir(name: string): string {
  return `clusters/${name}`;
}

export function fluxSystemKustomizationPath(name: string): string {
  return `${clusterDir(name)}/flux-system/kustomization.yaml`;
}

/**
 * The Flux bootstrap layout for one cluster: `flux-system/gotk-sync.yaml`
 * (the fleet GitRepository and the Kustomization at `./clusters/<name>`) and
 * `flux-system/kustomization.yaml` with the kustomize-controller patch.
 * `gotk-components.yaml` is written by `flux bootstrap` on the cluster.
 */
export function fleetEntryFiles(
  options: FleetEntryOptions,
): Record<string, string> {
  const dir = clusterDir(options.name);
  const sync = [
    {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: 'flux-system', namespace: 'flux-system' },
      spec: {
        interval: '1m0s',
        ref: { branch: options.branch },
        secretRef: { name: 'flux-system' },
        url: options.repoUrl,
      },
    },
    {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'flux-system', namespace: 'flux-system' },
      spec: {
        interval: '10m0s',
        path: `./${dir}`,
        prune: true,
        sourceRef: { kind: 'GitRepository', name: 'flux-system' },
      },
    },
  ];
  const kustomization: Record<string, unknown> = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: ['gotk-components.yaml', 'gotk-sync.yaml'],
  };
  if (options.googleServiceAccount) {
    kustomization.patches = [
      {
        patch: stringify({
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: {
            name: 'kustomize-controller',
            namespace: 'flux-system',
            annotations: {
              'iam.gke.io/gcp-service-account': options.googleServiceAccount,
            },
          },
        }),
        target: { kind: 'ServiceAccount', name: 'kustomize-controller' },
      },
    ];
  }
  return {
    [`${dir}/flux-system/gotk-sync.yaml`]: sync
      .map(d => stringify(d))
      .join('---\n'),
    [fluxSystemKustomizationPath(options.name)]: stringify(kustomization),
  };
}
