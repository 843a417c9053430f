import type { IHelmChart } from '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/HelmChart';
import type { IHelmRepository } from '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/HelmRepository';
import type { IOCIRepository } from '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/OCIRepository';
import type { IHelmRelease } from '@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2/HelmRelease';
import type { IObjectMeta } from '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta';
import {
  artifactStored,
  helmReleasedMessage,
  sameConditions,
} from '../flux/conditions';
import { hex } from '../ids';
import { DAY, HOUR, rfc3339 } from '../time';
import { seedClusterIssuer } from './certManager';
import { seedGitRepository, seedKustomization } from './flux';
import { Seeder } from './seeder';
import { seedWorkload } from './workload';

/** podinfo's Helm sources and its two HelmReleases (chart from a HelmRepository and from an OCIRepository). */
function seedPodinfoHelm(s: Seeder) {
  const id = 'podinfo';
  const at = s.now - 3 * HOUR;
  const repoDigest = `sha256:${hex('podinfo-helm-index', 64)}`;
  s.put<IHelmRepository>({
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'HelmRepository',
    metadata: s.meta(id, 'podinfo', 'flux-system', 60 * DAY, {
      finalizers: ['finalizers.fluxcd.io'],
    }),
    spec: {
      interval: '10m0s',
      timeout: '60s',
      url: 'https://stefanprodan.github.io/podinfo',
    },
    status: {
      observedGeneration: 1,
      conditions: artifactStored(
        'Succeeded',
        `stored artifact: revision '${repoDigest}'`,
        at,
        1,
      ),
      artifact: {
        digest: repoDigest,
        lastUpdateTime: rfc3339(at),
        path: `helmrepository/flux-system/podinfo/index-${repoDigest.slice(
          7,
        )}.yaml`,
        revision: repoDigest,
        size: 40652,
        url: `http://source-controller.flux-system.svc.cluster.local./helmrepository/flux-system/podinfo/index-${repoDigest.slice(
          7,
        )}.yaml`,
      },
      url: 'http://source-controller.flux-system.svc.cluster.local./helmrepository/flux-system/podinfo/index.yaml',
    },
  });
  const ociDigest = `sha256:${hex('podinfo-oci-6.7.1', 64)}`;
  s.put<IOCIRepository>({
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'OCIRepository',
    metadata: s.meta(id, 'podinfo-chart', 'flux-system', 30 * DAY, {
      finalizers: ['finalizers.fluxcd.io'],
    }),
    spec: {
      interval: '10m0s',
      timeout: '60s',
      url: 'oci://ghcr.io/stefanprodan/charts/podinfo',
      ref: { semver: '>=6.0.0' },
      layerSelector: {
        mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip',
        operation: 'copy',
      },
    },
    status: {
      observedGeneration: 1,
      conditions: artifactStored(
        'Succeeded',
        `stored artifact for digest '6.7.1@${ociDigest}'`,
        at,
        1,
      ),
      artifact: {
        digest: `sha256:${hex('podinfo-oci-tgz', 64)}`,
        lastUpdateTime: rfc3339(at),
        metadata: {
          'org.opencontainers.image.source':
            'https://github.com/stefanprodan/podinfo',
          'org.opencontainers.image.version': '6.7.1',
        },
        path: `ocirepository/flux-system/podinfo-chart/${ociDigest.slice(
          7,
        )}.tar.gz`,
        revision: `6.7.1@${ociDigest}`,
        size: 14721,
        url: `http://source-controller.flux-system.svc.cluster.local./ocirepository/flux-system/podinfo-chart/${ociDigest.slice(
          7,
        )}.tar.gz`,
      },
      url: `http://source-controller.flux-system.svc.cluster.local./ocirepository/flux-system/podinfo-chart/latest.tar.gz`,
    },
  });
  s.put<IHelmChart>({
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'HelmChart',
    metadata: s.meta(
      id,
      'flux-system-podinfo-production',
      'flux-system',
      60 * DAY,
      { finalizers: ['finalizers.fluxcd.io'] },
    ),
    spec: {
      chart: 'podinfo',
      version: '6.7.x',
      interval: '10m0s',
      reconcileStrategy: 'ChartVersion',
      sourceRef: { kind: 'HelmRepository', name: 'podinfo' },
    },
    status: {
      observedGeneration: 1,
      observedChartName: 'podinfo',
      observedSourceArtifactRevision: repoDigest,
      conditions: artifactStored(
        'ChartPullSucceeded',
        "pulled 'podinfo' chart with version '6.7.1'",
        at,
        1,
      ),
      artifact: {
        digest: `sha256:${hex('podinfo-6.7.1.tgz', 64)}`,
        lastUpdateTime: rfc3339(at),
        path: 'helmchart/flux-system/flux-system-podinfo-production/podinfo-6.7.1.tgz',
        revision: '6.7.1',
        size: 14721,
        url: 'http://source-controller.flux-system.svc.cluster.local./helmchart/flux-system/flux-system-podinfo-production/podinfo-6.7.1.tgz',
      },
    },
  });

  const historyEntry = (
    version: number,
    chartVersion: string,
    status: string,
    deployedAgo: number,
  ) => ({
    appVersion: chartVersion,
    chartName: 'podinfo',
    chartVersion,
    configDigest: `sha256:${hex(`values-${version}`, 64)}`,
    digest: `sha256:${hex(`release-${version}-${chartVersion}`, 64)}`,
    firstDeployed: rfc3339(s.now - 60 * DAY),
    lastDeployed: rfc3339(s.now - deployedAgo),
    name: 'podinfo',
    namespace: 'podinfo-production',
    status,
    version,
  });
  const prodHistory = [
    historyEntry(3, '6.7.1', 'deployed', 3 * HOUR),
    historyEntry(2, '6.7.0', 'superseded', 9 * DAY),
    historyEntry(1, '6.6.3', 'superseded', 60 * DAY),
  ];
  const helmRelease = (
    env: string,
    chart: Record<string, unknown>,
    history: typeof prodHistory,
    helmChart?: string,
  ): IHelmRelease & { metadata: IObjectMeta } => ({
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: s.meta(id, `podinfo-${env}`, 'flux-system', 60 * DAY, {
      finalizers: ['finalizers.fluxcd.io'],
    }),
    spec: {
      interval: '10m0s',
      releaseName: 'podinfo',
      targetNamespace: `podinfo-${env}`,
      storageNamespace: `podinfo-${env}`,
      ...chart,
      install: { remediation: { retries: 3 } },
      upgrade: { remediation: { retries: 3, remediateLastFailure: true } },
      values: {
        replicaCount: env === 'production' ? 2 : 1,
        ingress: { enabled: true },
      },
    },
    status: {
      observedGeneration: 1,
      lastAttemptedGeneration: 1,
      lastAttemptedRevision: history[0].chartVersion,
      lastAttemptedConfigDigest: history[0].configDigest,
      lastAttemptedReleaseAction: history.length > 1 ? 'upgrade' : 'install',
      ...(helmChart && { helmChart }),
      storageNamespace: `podinfo-${env}`,
      history: history.map(h => ({ ...h, namespace: `podinfo-${env}` })),
      conditions: sameConditions(
        ['Ready', 'Released'],
        'True',
        history.length > 1 ? 'UpgradeSucceeded' : 'InstallSucceeded',
        helmReleasedMessage(
          history.length > 1 ? 'upgrade' : 'install',
          {
            namespace: `podinfo-${env}`,
            name: 'podinfo',
            version: history[0].version,
          },
          { name: 'podinfo', version: history[0].chartVersion },
        ),
        s.now - 3 * HOUR,
        1,
      ),
    },
  });
  s.put(
    helmRelease(
      'production',
      {
        chart: {
          spec: {
            chart: 'podinfo',
            version: '6.7.x',
            sourceRef: { kind: 'HelmRepository', name: 'podinfo' },
            interval: '10m0s',
            reconcileStrategy: 'ChartVersion',
          },
        },
      },
      prodHistory,
      'flux-system/flux-system-podinfo-production',
    ),
  );
  s.put(
    helmRelease(
      'staging',
      { chartRef: { kind: 'OCIRepository', name: 'podinfo-chart' } },
      [historyEntry(1, '6.7.1', 'deployed', 5 * HOUR)],
    ),
  );
}

/** The `podinfo` demo component in staging and production. */
export function seedPodinfo(s: Seeder) {
  const id = 'podinfo';
  const revision = `main@sha1:${hex('podinfo-deploy/main/2')}`;
  const previousRevision = `main@sha1:${hex('podinfo-deploy/main/1')}`;
  for (const env of ['staging', 'production']) s.namespace(`${id}-${env}`, id);
  seedClusterIssuer(s, id);
  seedWorkload(s, {
    id,
    env: 'production',
    namespace: 'podinfo-production',
    replicas: 10,
    image: 'ghcr.io/stefanprodan/podinfo:6.7.1',
    hpa: { min: 2, max: 10, cpu: 94, memoryMi: 243, rps: 138 },
    certDaysLeft: 60,
    host: 'podinfo.example.com',
  });
  seedWorkload(s, {
    id,
    env: 'staging',
    namespace: 'podinfo-staging',
    replicas: 2,
    image: 'ghcr.io/stefanprodan/podinfo:6.7.1',
    hpa: { min: 1, max: 4, cpu: 45, memoryMi: 150, rps: 40 },
    certDaysLeft: 10,
    certRenewalFailing: true,
    host: 'podinfo.staging.example.com',
  });
  seedGitRepository(s, id, 'podinfo', revision);
  seedKustomization(s, {
    id,
    env: 'production',
    namespace: 'podinfo-production',
    state: 'ready',
    gitRepository: 'podinfo',
    revision,
    previousRevision,
  });
  seedKustomization(s, {
    id,
    env: 'staging',
    namespace: 'podinfo-staging',
    state: 'stalled',
    gitRepository: 'podinfo',
    revision,
    previousRevision,
  });
  seedPodinfoHelm(s);
}
