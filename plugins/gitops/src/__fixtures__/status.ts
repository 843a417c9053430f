/** Responses of the gitops backend for component tests, built by the shared status rules from raw objects. */
import {
  buildClusterStatus,
  EntityStatusResponse,
  FleetResponse,
  summarizeClusterStatus,
} from '@drktrc/plugin-gitops-common';

export const NOW = new Date('2026-11-25T12:00:00Z');
const inDays = (n: number) =>
  new Date(NOW.getTime() + n * 86400000).toISOString();

const objects = [
  {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'podinfo', namespace: 'podinfo-production' },
    spec: {
      scaleTargetRef: { kind: 'Deployment', name: 'podinfo' },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            target: { type: 'Utilization', averageUtilization: 70 },
          },
        },
        {
          type: 'Resource',
          resource: {
            name: 'memory',
            target: { type: 'AverageValue', averageValue: '200Mi' },
          },
        },
        {
          type: 'Pods',
          pods: {
            metric: { name: 'http_requests_per_second' },
            target: { type: 'AverageValue', averageValue: '100' },
          },
        },
      ],
    },
    status: {
      currentReplicas: 10,
      desiredReplicas: 10,
      currentMetrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', current: { averageUtilization: 93 } },
        },
        {
          type: 'Resource',
          resource: { name: 'memory', current: { averageValue: '180Mi' } },
        },
        {
          type: 'Pods',
          pods: {
            metric: { name: 'http_requests_per_second' },
            current: { averageValue: '140' },
          },
        },
      ],
      conditions: [
        { type: 'ScalingLimited', status: 'True', reason: 'TooManyReplicas' },
      ],
    },
  },
  {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name: 'podinfo-tls', namespace: 'podinfo-staging' },
    spec: {
      dnsNames: ['staging.podinfo.example.com'],
      issuerRef: { name: 'letsencrypt', kind: 'Issuer' },
    },
    status: {
      conditions: [{ type: 'Ready', status: 'True', reason: 'Ready' }],
      notAfter: inDays(10.5),
    },
  },
  {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: {
      name: 'podinfo-staging',
      namespace: 'flux-system',
      generation: 1,
    },
    spec: {
      path: './staging',
      sourceRef: { kind: 'GitRepository', name: 'podinfo' },
    },
    status: {
      observedGeneration: 1,
      lastAppliedRevision: 'main@sha1:aaa',
      conditions: [
        {
          type: 'Ready',
          status: 'False',
          reason: 'BuildFailed',
          message: 'kustomize build failed',
        },
        {
          type: 'Stalled',
          status: 'True',
          reason: 'BuildFailed',
          message: 'kustomize build failed',
        },
      ],
    },
  },
  {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: {
      name: 'podinfo-production',
      namespace: 'flux-system',
      generation: 1,
    },
    spec: {
      chart: {
        spec: {
          chart: 'podinfo',
          version: '6.9.2',
          sourceRef: { kind: 'HelmRepository', name: 'podinfo' },
        },
      },
    },
    status: {
      observedGeneration: 1,
      conditions: [
        { type: 'Ready', status: 'True', reason: 'UpgradeSucceeded' },
      ],
      history: [
        {
          version: 3,
          status: 'deployed',
          chartName: 'podinfo',
          chartVersion: '6.9.2',
          appVersion: '6.9.2',
        },
        {
          version: 2,
          status: 'superseded',
          chartName: 'podinfo',
          chartVersion: '6.9.1',
          appVersion: '6.9.1',
        },
      ],
    },
  },
  {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: { name: 'podinfo', namespace: 'flux-system', generation: 1 },
    spec: { url: 'https://github.com/stefanprodan/podinfo' },
    status: {
      observedGeneration: 1,
      conditions: [{ type: 'Ready', status: 'True', reason: 'Succeeded' }],
      artifact: { revision: 'main@sha1:bbb' },
    },
  },
];

const dev = buildClusterStatus({
  cluster: { name: 'dev-cluster', title: 'Development cluster' },
  objects,
  now: NOW,
});
const unreachable = buildClusterStatus({
  cluster: { name: 'unreachable', title: 'Unreachable cluster' },
  objects: [],
  errors: [
    { errorType: 'FETCH_ERROR', message: 'connect ECONNREFUSED 127.0.0.1:1' },
  ],
  now: NOW,
});

export const entityStatus: EntityStatusResponse = {
  entityRef: 'component:default/podinfo',
  clusters: [dev, unreachable],
};

export const fleet: FleetResponse = {
  components: [
    {
      kubernetesId: 'podinfo',
      entityRefs: ['component:default/podinfo'],
      clusters: [summarizeClusterStatus(dev)],
      health: 'error',
    },
  ],
  clusters: [
    { cluster: dev.cluster, errors: [] },
    { cluster: unreachable.cluster, errors: unreachable.errors },
  ],
};
