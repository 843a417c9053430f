import {
  findGitopsKind,
  gitopsResourceKinds,
  toKubernetesCustomResources,
} from './customResources';

describe('gitopsResourceKinds', () => {
  it('names every served version of the Flux and cert-manager kinds', () => {
    const versions = Object.fromEntries(
      gitopsResourceKinds.map(k => [k.kind, k.versions]),
    );
    expect(versions).toEqual({
      Kustomization: ['v1', 'v1beta2'],
      HelmRelease: ['v2', 'v2beta2'],
      GitRepository: ['v1', 'v1beta2'],
      OCIRepository: ['v1', 'v1beta2'],
      HelmRepository: ['v1', 'v1beta2'],
      HelmChart: ['v1', 'v1beta2'],
      Certificate: ['v1'],
      CertificateRequest: ['v1'],
      Issuer: ['v1'],
      ClusterIssuer: ['v1'],
      HorizontalPodAutoscaler: ['v2'],
    });
  });

  it('generates the Kubernetes plugin customResources (preferred versions, no built-in kinds)', () => {
    const crs = toKubernetesCustomResources();
    expect(crs[0]).toEqual({
      group: 'kustomize.toolkit.fluxcd.io',
      apiVersion: 'v1',
      plural: 'kustomizations',
    });
    expect(
      crs.find(c => c.plural === 'horizontalpodautoscalers'),
    ).toBeUndefined();
    expect(
      toKubernetesCustomResources(undefined, { includeBuiltIn: true }),
    ).toHaveLength(gitopsResourceKinds.length);
  });

  it('finds kinds by any served apiVersion', () => {
    expect(
      findGitopsKind('helm.toolkit.fluxcd.io/v2beta2', 'HelmRelease')?.plural,
    ).toBe('helmreleases');
    expect(
      findGitopsKind('helm.toolkit.fluxcd.io/v2beta1', 'HelmRelease'),
    ).toBeUndefined();
    expect(findGitopsKind('v1', 'Pod')).toBeUndefined();
  });
});
