/**
 * The one list of kinds the GitOps plugins read: Flux (kustomize, helm,
 * source), cert-manager, and the autoscaling/v2 HPA. Everything that needs a
 * group/version/plural (the backend's queries, the Kubernetes plugin's
 * `customResources` config, the status rules) reads it from here.
 */

/** What a kind is shown as. `certificate-related` kinds are listed for the Kubernetes plugin's tab, not read by ours. */
export type GitopsKindCategory =
  | 'kustomization'
  | 'helmrelease'
  | 'source'
  | 'certificate'
  | 'certificate-related'
  | 'hpa';

export interface GitopsResourceKind {
  kind: string;
  /** API group. */
  group: string;
  /** Every served version, preferred first. */
  versions: string[];
  plural: string;
  category: GitopsKindCategory;
  /** Built-in Kubernetes kinds (HPA) are not custom resources for the Kubernetes plugin's config. */
  builtIn?: boolean;
  /** Flux kinds accept `reconcile.fluxcd.io/requestedAt` and `spec.suspend`. */
  reconcilable?: boolean;
}

const flux = (
  kind: string,
  group: string,
  versions: string[],
  plural: string,
  category: GitopsKindCategory,
): GitopsResourceKind => ({
  kind,
  group,
  versions,
  plural,
  category,
  reconcilable: true,
});

export const KUSTOMIZE_GROUP = 'kustomize.toolkit.fluxcd.io';
export const HELM_GROUP = 'helm.toolkit.fluxcd.io';
export const SOURCE_GROUP = 'source.toolkit.fluxcd.io';
export const CERT_MANAGER_GROUP = 'cert-manager.io';

export const gitopsResourceKinds: readonly GitopsResourceKind[] = [
  flux(
    'Kustomization',
    KUSTOMIZE_GROUP,
    ['v1', 'v1beta2'],
    'kustomizations',
    'kustomization',
  ),
  flux(
    'HelmRelease',
    HELM_GROUP,
    ['v2', 'v2beta2'],
    'helmreleases',
    'helmrelease',
  ),
  flux(
    'GitRepository',
    SOURCE_GROUP,
    ['v1', 'v1beta2'],
    'gitrepositories',
    'source',
  ),
  flux(
    'OCIRepository',
    SOURCE_GROUP,
    ['v1', 'v1beta2'],
    'ocirepositories',
    'source',
  ),
  flux(
    'HelmRepository',
    SOURCE_GROUP,
    ['v1', 'v1beta2'],
    'helmrepositories',
    'source',
  ),
  flux('HelmChart', SOURCE_GROUP, ['v1', 'v1beta2'], 'helmcharts', 'source'),
  {
    kind: 'Certificate',
    group: CERT_MANAGER_GROUP,
    versions: ['v1'],
    plural: 'certificates',
    category: 'certificate',
  },
  {
    kind: 'CertificateRequest',
    group: CERT_MANAGER_GROUP,
    versions: ['v1'],
    plural: 'certificaterequests',
    category: 'certificate-related',
  },
  {
    kind: 'Issuer',
    group: CERT_MANAGER_GROUP,
    versions: ['v1'],
    plural: 'issuers',
    category: 'certificate-related',
  },
  {
    kind: 'ClusterIssuer',
    group: CERT_MANAGER_GROUP,
    versions: ['v1'],
    plural: 'clusterissuers',
    category: 'certificate-related',
  },
  {
    kind: 'HorizontalPodAutoscaler',
    group: 'autoscaling',
    versions: ['v2'],
    plural: 'horizontalpodautoscalers',
    category: 'hpa',
    builtIn: true,
  },
];

/** A custom resource as the Kubernetes plugin's config and query API take it. */
export interface KubernetesCustomResource {
  group: string;
  apiVersion: string;
  plural: string;
}

/** `{group, apiVersion, plural}` for the preferred version of each kind. */
export function toKubernetesCustomResources(
  kinds: readonly GitopsResourceKind[] = gitopsResourceKinds,
  options: { includeBuiltIn?: boolean } = {},
): KubernetesCustomResource[] {
  return kinds
    .filter(k => options.includeBuiltIn || !k.builtIn)
    .map(k => ({
      group: k.group,
      apiVersion: k.versions[0],
      plural: k.plural,
    }));
}

/** The kind an object's `apiVersion` and `kind` name, when it is one of ours (any served version). */
export function findGitopsKind(
  apiVersion: string,
  kind: string,
  kinds: readonly GitopsResourceKind[] = gitopsResourceKinds,
): GitopsResourceKind | undefined {
  const [group, version] = apiVersion.includes('/')
    ? apiVersion.split('/', 2)
    : ['', apiVersion];
  return kinds.find(
    k => k.kind === kind && k.group === group && k.versions.includes(version),
  );
}

/** The kind with this name (Kind, not plural). */
export function gitopsKindByName(kind: string): GitopsResourceKind | undefined {
  return gitopsResourceKinds.find(k => k.kind === kind);
}

/** The label the Kubernetes plugin selects a component's objects by. */
export const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';

/** The annotation Flux controllers watch for an on-demand reconcile. */
export const RECONCILE_REQUESTED_AT_ANNOTATION =
  'reconcile.fluxcd.io/requestedAt';

/** The kinds the GitOps status views read (everything but the certificate-related kinds). */
export const gitopsStatusKinds: readonly GitopsResourceKind[] =
  gitopsResourceKinds.filter(k => k.category !== 'certificate-related');
