/**
 * Objects as Flux, cert-manager and the HPA controller write them, one per
 * served API version (fields from the CRDs of kustomize-controller 1.x,
 * helm-controller 1.x, source-controller 1.x, cert-manager 1.x and
 * autoscaling/v2).
 */
export const NOW = new Date('2026-11-25T12:00:00Z');
const days = (n: number) =>
  new Date(NOW.getTime() + n * 86400000).toISOString().replace('.000', '');

export const gitRepositoryV1 = {
  apiVersion: 'source.toolkit.fluxcd.io/v1',
  kind: 'GitRepository',
  metadata: { name: 'podinfo', namespace: 'flux-system', generation: 1 },
  spec: {
    url: 'https://github.com/stefanprodan/podinfo',
    interval: '1m',
    ref: { branch: 'master' },
  },
  status: {
    observedGeneration: 1,
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        reason: 'Succeeded',
        message: "stored artifact for revision 'master@sha1:bbb'",
      },
      {
        type: 'ArtifactInStorage',
        status: 'True',
        reason: 'Succeeded',
        message: 'stored artifact',
      },
    ],
    artifact: {
      revision: 'master@sha1:bbb',
      lastUpdateTime: '2026-11-25T11:00:00Z',
    },
  },
};

export const ociRepositoryV1beta2 = {
  apiVersion: 'source.toolkit.fluxcd.io/v1beta2',
  kind: 'OCIRepository',
  metadata: { name: 'podinfo-chart', namespace: 'flux-system', generation: 3 },
  spec: { url: 'oci://ghcr.io/stefanprodan/charts/podinfo', interval: '10m' },
  status: {
    observedGeneration: 3,
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        reason: 'Succeeded',
        message: 'stored artifact',
      },
    ],
    artifact: { revision: '6.9.2@sha256:abc' },
  },
};

export const kustomizationV1Ready = {
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: { name: 'apps', namespace: 'flux-system', generation: 2 },
  spec: {
    interval: '10m',
    path: './apps/production',
    prune: true,
    sourceRef: { kind: 'GitRepository', name: 'podinfo' },
    dependsOn: [{ name: 'infra-configs' }],
  },
  status: {
    observedGeneration: 2,
    lastAppliedRevision: 'master@sha1:bbb',
    lastAttemptedRevision: 'master@sha1:bbb',
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        reason: 'ReconciliationSucceeded',
        message: 'Applied revision: master@sha1:bbb',
      },
    ],
  },
};

export const kustomizationV1beta2Stalled = {
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1beta2',
  kind: 'Kustomization',
  metadata: { name: 'apps-staging', namespace: 'flux-system', generation: 5 },
  spec: {
    interval: '5m',
    path: './apps/staging',
    sourceRef: { kind: 'GitRepository', name: 'podinfo' },
  },
  status: {
    observedGeneration: 5,
    lastAppliedRevision: 'master@sha1:aaa',
    lastAttemptedRevision: 'master@sha1:bbb',
    conditions: [
      {
        type: 'Ready',
        status: 'False',
        reason: 'BuildFailed',
        message: 'kustomize build failed: accumulating resources',
      },
      {
        type: 'Stalled',
        status: 'True',
        reason: 'BuildFailed',
        message: 'kustomize build failed: accumulating resources',
      },
    ],
  },
};

export const kustomizationSuspended = {
  ...kustomizationV1Ready,
  metadata: { ...kustomizationV1Ready.metadata, name: 'paused' },
  spec: { ...kustomizationV1Ready.spec, suspend: true },
};

export const kustomizationStaleGeneration = {
  ...kustomizationV1Ready,
  metadata: { ...kustomizationV1Ready.metadata, name: 'edited', generation: 3 },
};

export const kustomizationReconciling = {
  ...kustomizationV1Ready,
  metadata: {
    ...kustomizationV1Ready.metadata,
    name: 'busy',
    annotations: { 'reconcile.fluxcd.io/requestedAt': '2026-11-25T11:59:00Z' },
  },
  status: {
    ...kustomizationV1Ready.status,
    lastHandledReconcileAt: '2026-11-25T10:00:00Z',
    conditions: [
      {
        type: 'Reconciling',
        status: 'True',
        reason: 'Progressing',
        message: 'Reconciliation in progress',
      },
      {
        type: 'Ready',
        status: 'Unknown',
        reason: 'Progressing',
        message: 'Reconciliation in progress',
      },
    ],
  },
};

export const helmReleaseV2 = {
  apiVersion: 'helm.toolkit.fluxcd.io/v2',
  kind: 'HelmRelease',
  metadata: { name: 'podinfo', namespace: 'podinfo-production', generation: 4 },
  spec: {
    interval: '10m',
    chart: {
      spec: {
        chart: 'podinfo',
        version: '6.9.2',
        sourceRef: {
          kind: 'HelmRepository',
          name: 'podinfo',
          namespace: 'flux-system',
        },
      },
    },
    dependsOn: [{ name: 'redis', namespace: 'podinfo-production' }],
  },
  status: {
    observedGeneration: 4,
    lastAttemptedRevision: '6.9.2',
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        reason: 'UpgradeSucceeded',
        message: 'Helm upgrade succeeded',
      },
    ],
    history: [
      {
        name: 'podinfo',
        namespace: 'podinfo-production',
        version: 3,
        status: 'deployed',
        chartName: 'podinfo',
        chartVersion: '6.9.2',
        appVersion: '6.9.2',
        digest: 'sha256:333',
        firstDeployed: '2026-11-01T00:00:00Z',
        lastDeployed: '2026-11-20T00:00:00Z',
      },
      {
        name: 'podinfo',
        namespace: 'podinfo-production',
        version: 2,
        status: 'superseded',
        chartName: 'podinfo',
        chartVersion: '6.9.1',
        appVersion: '6.9.1',
        digest: 'sha256:222',
      },
    ],
  },
};

export const helmReleaseV2beta2NoHistory = {
  apiVersion: 'helm.toolkit.fluxcd.io/v2beta2',
  kind: 'HelmRelease',
  metadata: { name: 'legacy', namespace: 'podinfo-staging', generation: 1 },
  spec: {
    chartRef: {
      kind: 'OCIRepository',
      name: 'podinfo-chart',
      namespace: 'flux-system',
    },
  },
  status: {
    observedGeneration: 1,
    lastAttemptedRevision: '6.5.0',
    conditions: [
      {
        type: 'Ready',
        status: 'False',
        reason: 'InstallFailed',
        message: 'install retries exhausted',
      },
    ],
  },
};

export const certificateReady = {
  apiVersion: 'cert-manager.io/v1',
  kind: 'Certificate',
  metadata: {
    name: 'podinfo-tls',
    namespace: 'podinfo-production',
    generation: 1,
  },
  spec: {
    secretName: 'podinfo-tls',
    dnsNames: ['podinfo.example.com'],
    issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer' },
  },
  status: {
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        reason: 'Ready',
        message: 'Certificate is up to date and has not expired',
      },
    ],
    notAfter: days(60),
    renewalTime: days(30),
  },
};

export const certificateRenewalFailing = {
  ...certificateReady,
  metadata: {
    ...certificateReady.metadata,
    name: 'staging-tls',
    namespace: 'podinfo-staging',
  },
  status: {
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        reason: 'Ready',
        message: 'Certificate is up to date and has not expired',
      },
      {
        type: 'Issuing',
        status: 'False',
        reason: 'Failed',
        message: 'The certificate request has failed to complete',
      },
    ],
    notAfter: days(10.5),
    renewalTime: days(-20),
  },
};

export const certificateCritical = {
  ...certificateReady,
  metadata: { ...certificateReady.metadata, name: 'soon' },
  status: { ...certificateReady.status, notAfter: days(3.5) },
};

export const certificateExpired = {
  ...certificateReady,
  metadata: { ...certificateReady.metadata, name: 'gone' },
  status: {
    conditions: [
      {
        type: 'Ready',
        status: 'False',
        reason: 'Expired',
        message: 'Certificate expired',
      },
    ],
    notAfter: days(-2),
  },
};

export const hpaAtMax = {
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'podinfo', namespace: 'podinfo-production' },
  spec: {
    scaleTargetRef: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'podinfo',
    },
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
        type: 'ContainerResource',
        containerResource: {
          name: 'cpu',
          container: 'podinfod',
          target: { type: 'Utilization', averageUtilization: 80 },
        },
      },
      {
        type: 'Pods',
        pods: {
          metric: { name: 'http_requests_per_second' },
          target: { type: 'AverageValue', averageValue: '100' },
        },
      },
      {
        type: 'Object',
        object: {
          metric: { name: 'requests_per_second' },
          describedObject: {
            apiVersion: 'networking.k8s.io/v1',
            kind: 'Ingress',
            name: 'podinfo',
          },
          target: { type: 'Value', value: '2k' },
        },
      },
      {
        type: 'External',
        external: {
          metric: {
            name: 'queue_messages_ready',
            selector: { matchLabels: { queue: 'jobs' } },
          },
          target: { type: 'AverageValue', averageValue: '30' },
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
        resource: {
          name: 'cpu',
          current: { averageUtilization: 93, averageValue: '465m' },
        },
      },
      {
        type: 'Resource',
        resource: {
          name: 'memory',
          current: { averageValue: '180Mi', averageUtilization: 70 },
        },
      },
      {
        type: 'ContainerResource',
        containerResource: {
          name: 'cpu',
          container: 'podinfod',
          current: { averageUtilization: 95 },
        },
      },
      {
        type: 'Pods',
        pods: {
          metric: { name: 'http_requests_per_second' },
          current: { averageValue: '140' },
        },
      },
      {
        type: 'Object',
        object: {
          metric: { name: 'requests_per_second' },
          describedObject: {
            apiVersion: 'networking.k8s.io/v1',
            kind: 'Ingress',
            name: 'podinfo',
          },
          current: { value: '1500' },
        },
      },
    ],
    conditions: [
      { type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale' },
      { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound' },
      {
        type: 'ScalingLimited',
        status: 'True',
        reason: 'TooManyReplicas',
        message:
          'the desired replica count is more than the maximum replica count',
      },
    ],
  },
};

export const hpaUnableToScale = {
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'worker', namespace: 'podinfo-staging' },
  spec: {
    scaleTargetRef: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'worker',
    },
    maxReplicas: 4,
    metrics: [
      {
        type: 'Resource',
        resource: {
          name: 'cpu',
          target: { type: 'Utilization', averageUtilization: 70 },
        },
      },
    ],
  },
  status: {
    currentReplicas: 1,
    desiredReplicas: 1,
    currentMetrics: null,
    conditions: [
      {
        type: 'AbleToScale',
        status: 'False',
        reason: 'FailedGetScale',
        message: 'deployments/scale.apps "worker" not found',
      },
      {
        type: 'ScalingActive',
        status: 'False',
        reason: 'FailedGetResourceMetric',
        message: 'unable to get metrics for resource cpu',
      },
    ],
  },
};
