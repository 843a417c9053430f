/**
 * Seeded state: the `podinfo` demo in two environments, and optional extra
 * components with varied states. Status fields follow what Flux
 * (kustomize/helm/source controllers v1/v2), cert-manager v1 and the HPA
 * controller write, so status views compute real states from them.
 */
import { createHash } from 'node:crypto';
import { findResourceByKind, KubeObject } from './registry';
import { ObjectStore } from './store';

export const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;

export interface SeedOptions {
  /** Extra components beyond podinfo. */
  components: number;
  /** The time the seed is relative to (ms since epoch). */
  now: number;
  /** Whether to seed podinfo (namespaces are always created). */
  podinfo: boolean;
}

/** RFC 3339 without fractional seconds, as Kubernetes writes timestamps. */
export const rfc3339 = (ms: number) =>
  new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

export const hex = (seed: string, length = 40) =>
  createHash('sha256').update(seed).digest('hex').slice(0, length);

const podSuffix = (seed: string) =>
  hex(seed, 5).replace(/[0-9]/g, d => 'bcdfghjklm'[Number(d)]);

type Status = 'True' | 'False' | 'Unknown';

export const condition = (
  type: string,
  status: Status,
  reason: string,
  message: string,
  at: number,
  observedGeneration?: number,
) => ({
  type,
  status,
  ...(observedGeneration !== undefined && { observedGeneration }),
  lastTransitionTime: rfc3339(at),
  reason,
  message,
});

/** One condition under several types, as Flux sets Ready with ArtifactInStorage or Released. */
export const sameConditions = (
  types: string[],
  status: Status,
  reason: string,
  message: string,
  at: number,
  observedGeneration?: number,
) =>
  types.map(type =>
    condition(type, status, reason, message, at, observedGeneration),
  );

/** What source-controller sets once it stores an artifact. */
export const artifactStored = (
  reason: string,
  message: string,
  at: number,
  observedGeneration?: number,
) =>
  sameConditions(
    ['Ready', 'ArtifactInStorage'],
    'True',
    reason,
    message,
    at,
    observedGeneration,
  );

/** What kustomize-controller sets once a revision is applied and healthy. */
export const kustomizationSucceeded = (
  revision: string,
  at: number,
  observedGeneration?: number,
) => [
  condition(
    'Ready',
    'True',
    'ReconciliationSucceeded',
    `Applied revision: ${revision}`,
    at,
    observedGeneration,
  ),
  condition(
    'Healthy',
    'True',
    'Succeeded',
    'Health check passed in 5.0132s',
    at,
    observedGeneration,
  ),
];

class Seeder {
  constructor(private readonly store: ObjectStore, readonly now: number) {}

  put(obj: {
    apiVersion: string;
    kind: string;
    metadata: Record<string, unknown>;
    [key: string]: unknown;
  }) {
    const resource = findResourceByKind(obj.apiVersion, obj.kind);
    if (!resource) throw new Error(`Seed uses an unserved kind ${obj.kind}`);
    const existing = this.store.get(
      resource,
      obj.metadata.namespace as string | undefined,
      obj.metadata.name as string,
    );
    if (existing) return existing;
    return this.store.create(resource, obj as unknown as KubeObject);
  }

  meta(
    id: string,
    name: string,
    namespace: string | undefined,
    createdAgo: number,
    extra: Record<string, unknown> = {},
  ) {
    const { labels, ...rest } = extra as { labels?: Record<string, string> };
    return {
      name,
      ...(namespace && { namespace }),
      creationTimestamp: rfc3339(this.now - createdAgo),
      labels: { [KUBERNETES_ID_LABEL]: id, ...labels },
      ...rest,
    };
  }

  namespace(name: string, id?: string) {
    this.put({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name,
        creationTimestamp: rfc3339(this.now - 120 * DAY),
        labels: {
          'kubernetes.io/metadata.name': name,
          ...(id && { [KUBERNETES_ID_LABEL]: id }),
        },
      },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  }
}

export type FluxState =
  | 'ready'
  | 'stalled'
  | 'progressing'
  | 'suspended'
  | 'failed';

export interface WorkloadSpec {
  id: string;
  namespace: string;
  env: string;
  replicas: number;
  image: string;
  hpa?: {
    min: number;
    max: number;
    cpu: number;
    memoryMi: number;
    rps: number;
  };
  /** Days until the certificate expires; negative is expired. */
  certDaysLeft?: number;
  /** Renewal keeps failing (ACME order invalid): the cert ages towards expiry. */
  certRenewalFailing?: boolean;
  host?: string;
}

function seedWorkload(s: Seeder, w: WorkloadSpec) {
  const { id, namespace: ns } = w;
  const app = { 'app.kubernetes.io/name': id };
  const rsHash = hex(`${id}/${ns}/rs`, 10).replace(/[ae]/g, c =>
    c === 'a' ? 'k' : 'z',
  );
  const rsName = `${id}-${rsHash}`;
  const deployCreated = 40 * DAY;
  const rolled = 2 * DAY;
  const deploy = s.put({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: s.meta(id, id, ns, deployCreated, {
      labels: app,
      annotations: { 'deployment.kubernetes.io/revision': '7' },
    }),
    spec: {
      replicas: w.replicas,
      selector: { matchLabels: app },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 },
      },
      template: {
        metadata: { labels: { ...app, [KUBERNETES_ID_LABEL]: id } },
        spec: {
          containers: [
            {
              name: id,
              image: w.image,
              ports: [
                { name: 'http', containerPort: 9898, protocol: 'TCP' },
                { name: 'grpc', containerPort: 9999, protocol: 'TCP' },
              ],
              resources: {
                requests: { cpu: '500m', memory: '256Mi' },
                limits: { memory: '512Mi' },
              },
              readinessProbe: { httpGet: { path: '/readyz', port: 9898 } },
              livenessProbe: { httpGet: { path: '/healthz', port: 9898 } },
            },
          ],
        },
      },
    },
    status: {
      observedGeneration: 1,
      replicas: w.replicas,
      updatedReplicas: w.replicas,
      readyReplicas: w.replicas,
      availableReplicas: w.replicas,
      conditions: [
        condition(
          'Available',
          'True',
          'MinimumReplicasAvailable',
          'Deployment has minimum availability.',
          s.now - rolled,
        ),
        condition(
          'Progressing',
          'True',
          'NewReplicaSetAvailable',
          `ReplicaSet "${rsName}" has successfully progressed.`,
          s.now - rolled,
        ),
      ],
    },
  });
  const owner = (kind: string, name: string, uid?: string) => [
    {
      apiVersion: 'apps/v1',
      kind,
      name,
      uid,
      controller: true,
      blockOwnerDeletion: true,
    },
  ];
  const rs = s.put({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: s.meta(id, rsName, ns, rolled, {
      labels: { ...app, 'pod-template-hash': rsHash },
      annotations: {
        'deployment.kubernetes.io/revision': '7',
        'deployment.kubernetes.io/desired-replicas': String(w.replicas),
      },
      ownerReferences: owner('Deployment', id, deploy.metadata.uid),
    }),
    spec: {
      replicas: w.replicas,
      selector: { matchLabels: { ...app, 'pod-template-hash': rsHash } },
    },
    status: {
      replicas: w.replicas,
      fullyLabeledReplicas: w.replicas,
      readyReplicas: w.replicas,
      availableReplicas: w.replicas,
      observedGeneration: 1,
    },
  });
  for (let i = 0; i < w.replicas; i++) {
    const started = s.now - rolled + i * MINUTE;
    s.put({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: s.meta(
        id,
        `${rsName}-${podSuffix(`${rsName}/${i}`)}`,
        ns,
        s.now - started,
        {
          labels: { ...app, 'pod-template-hash': rsHash },
          ownerReferences: owner('ReplicaSet', rsName, rs.metadata.uid),
        },
      ),
      spec: {
        nodeName: `gke-drktrc-default-pool-${hex(
          `node${i % 3}`,
          8,
        )}-${podSuffix(`n${i % 3}`).slice(0, 4)}`,
        serviceAccountName: 'default',
        containers: [
          {
            name: id,
            image: w.image,
            ports: [{ name: 'http', containerPort: 9898, protocol: 'TCP' }],
            resources: {
              requests: { cpu: '500m', memory: '256Mi' },
              limits: { memory: '512Mi' },
            },
          },
        ],
      },
      status: {
        phase: 'Running',
        podIP: `10.8.${i % 250}.${((i * 7) % 250) + 2}`,
        hostIP: `10.128.0.${(i % 3) + 10}`,
        startTime: rfc3339(started),
        qosClass: 'Burstable',
        conditions: [
          condition('Initialized', 'True', '', '', started),
          condition('Ready', 'True', '', '', started + 20_000),
          condition('ContainersReady', 'True', '', '', started + 20_000),
          condition('PodScheduled', 'True', '', '', started),
        ].map(({ reason: _r, message: _m, ...c }) => c),
        containerStatuses: [
          {
            name: id,
            image: w.image,
            imageID: `${w.image.split(':')[0]}@sha256:${hex(w.image, 64)}`,
            containerID: `containerd://${hex(`${rsName}${i}`, 64)}`,
            ready: true,
            started: true,
            restartCount: i === 0 ? 1 : 0,
            state: { running: { startedAt: rfc3339(started + 5000) } },
          },
        ],
      },
    });
  }
  s.put({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: s.meta(id, id, ns, deployCreated, { labels: app }),
    spec: {
      type: 'ClusterIP',
      clusterIP: `10.12.${hex(ns, 2).charCodeAt(0) % 250}.${
        hex(ns, 2).charCodeAt(1) % 250
      }`,
      selector: app,
      ports: [
        { name: 'http', port: 9898, targetPort: 'http', protocol: 'TCP' },
        { name: 'grpc', port: 9999, targetPort: 'grpc', protocol: 'TCP' },
      ],
    },
    status: { loadBalancer: {} },
  });
  s.put({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: s.meta(id, `${id}-config`, ns, deployCreated, { labels: app }),
    data: {
      PODINFO_UI_MESSAGE: `${id} (${w.env})`,
      PODINFO_UI_COLOR: w.env === 'production' ? '#34577c' : '#8a6d3b',
    },
  });

  if (w.hpa) {
    const h = w.hpa;
    const desired = Math.min(
      h.max,
      Math.max(h.min, Math.ceil((w.replicas * h.cpu) / 70)),
    );
    const saturated = w.replicas >= h.max;
    s.put({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: s.meta(id, id, ns, deployCreated, { labels: app }),
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: id },
        minReplicas: h.min,
        maxReplicas: h.max,
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
        observedGeneration: 1,
        lastScaleTime: rfc3339(s.now - 25 * MINUTE),
        currentReplicas: w.replicas,
        desiredReplicas: saturated ? h.max : desired,
        currentMetrics: [
          {
            type: 'Resource',
            resource: {
              name: 'cpu',
              current: {
                averageUtilization: h.cpu,
                averageValue: `${Math.round(h.cpu * 5)}m`,
              },
            },
          },
          {
            type: 'Resource',
            resource: {
              name: 'memory',
              current: {
                averageUtilization: Math.round((h.memoryMi / 256) * 100),
                averageValue: `${h.memoryMi}Mi`,
              },
            },
          },
          {
            type: 'Pods',
            pods: {
              metric: { name: 'http_requests_per_second' },
              current: { averageValue: String(h.rps) },
            },
          },
        ],
        conditions: [
          condition(
            'AbleToScale',
            'True',
            'ReadyForNewScale',
            'recommended size matches current size',
            s.now - 25 * MINUTE,
          ),
          condition(
            'ScalingActive',
            'True',
            'ValidMetricFound',
            'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
            s.now - 10 * DAY,
          ),
          saturated
            ? condition(
                'ScalingLimited',
                'True',
                'TooManyReplicas',
                'the desired replica count is more than the maximum replica count',
                s.now - 25 * MINUTE,
              )
            : condition(
                'ScalingLimited',
                'False',
                'DesiredWithinRange',
                'the desired count is within the acceptable range',
                s.now - 3 * DAY,
              ),
        ],
      },
    });
  }

  if (w.certDaysLeft !== undefined) {
    seedCertificate(s, w);
  }
  s.put({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: s.meta(id, `${id}.${hex(`${ns}/ev`, 16)}`, ns, 25 * MINUTE),
    involvedObject: {
      kind: w.hpa ? 'HorizontalPodAutoscaler' : 'Deployment',
      namespace: ns,
      name: id,
      apiVersion: w.hpa ? 'autoscaling/v2' : 'apps/v1',
    },
    reason: w.hpa ? 'SuccessfulRescale' : 'ScalingReplicaSet',
    message: w.hpa
      ? `New size: ${w.replicas}; reason: cpu resource utilization (percentage of request) above target`
      : `Scaled up replica set ${rsName} to ${w.replicas}`,
    source: {
      component: w.hpa ? 'horizontal-pod-autoscaler' : 'deployment-controller',
    },
    firstTimestamp: rfc3339(s.now - 25 * MINUTE),
    lastTimestamp: rfc3339(s.now - 25 * MINUTE),
    count: 1,
    type: 'Normal',
  });
}

function seedCertificate(s: Seeder, w: WorkloadSpec) {
  const { id, namespace: ns } = w;
  const daysLeft = w.certDaysLeft!;
  const duration = 90 * DAY;
  const renewBefore = 30 * DAY;
  const notAfter = s.now + daysLeft * DAY;
  const notBefore = notAfter - duration;
  const renewalTime = notAfter - renewBefore;
  const expired = daysLeft < 0;
  const failing = w.certRenewalFailing || expired;
  const host = w.host ?? `${id}.${w.env}.example.com`;
  const revision = failing ? 1 : 2;
  s.put({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: s.meta(id, `${id}-tls`, ns, duration - daysLeft * DAY, {
      annotations: {
        'cert-manager.io/certificate-name': `${id}-tls`,
        'cert-manager.io/issuer-kind': 'ClusterIssuer',
        'cert-manager.io/issuer-name': 'letsencrypt-production',
        'cert-manager.io/common-name': host,
        'cert-manager.io/alt-names': host,
      },
    }),
    type: 'kubernetes.io/tls',
    data: {
      'tls.crt': Buffer.from('demo certificate (dev cluster)').toString(
        'base64',
      ),
      'tls.key': Buffer.from('demo key (dev cluster)').toString('base64'),
    },
  });
  s.put({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: s.meta(id, id, ns, 40 * DAY, {
      annotations: {
        'cert-manager.io/cluster-issuer': 'letsencrypt-production',
      },
    }),
    spec: {
      ingressClassName: 'nginx',
      tls: [{ hosts: [host], secretName: `${id}-tls` }],
      rules: [
        {
          host,
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: id, port: { name: 'http' } } },
              },
            ],
          },
        },
      ],
    },
    status: { loadBalancer: { ingress: [{ ip: '34.120.18.77' }] } },
  });
  const readyCondition = expired
    ? condition(
        'Ready',
        'False',
        'Expired',
        `Certificate expired on ${new Date(notAfter).toUTCString()}`,
        notAfter,
      )
    : condition(
        'Ready',
        'True',
        'Ready',
        'Certificate is up to date and has not expired',
        notBefore,
        1,
      );
  s.put({
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: s.meta(id, `${id}-tls`, ns, 40 * DAY),
    spec: {
      secretName: `${id}-tls`,
      commonName: host,
      dnsNames: [host],
      duration: '2160h0m0s',
      renewBefore: '720h0m0s',
      privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
      issuerRef: {
        group: 'cert-manager.io',
        kind: 'ClusterIssuer',
        name: 'letsencrypt-production',
      },
    },
    status: {
      conditions: [
        readyCondition,
        ...(failing
          ? [
              condition(
                'Issuing',
                'False',
                'Failed',
                `The certificate request has failed to complete and will be retried: Failed to wait for order resource "${id}-tls-${
                  revision + 1
                }-${hex(host, 10).replace(
                  /\D/g,
                  '1',
                )}" to become ready: order is in "invalid" state: 403 urn:ietf:params:acme:error:unauthorized: Invalid response from http://${host}/.well-known/acme-challenge/${hex(
                  `${host}/token`,
                  43,
                )}: 404`,
                s.now - 2 * HOUR,
                1,
              ),
            ]
          : []),
      ],
      notBefore: rfc3339(notBefore),
      notAfter: rfc3339(notAfter),
      renewalTime: rfc3339(renewalTime),
      revision,
      ...(failing && {
        failedIssuanceAttempts: 4,
        lastFailureTime: rfc3339(s.now - 2 * HOUR),
      }),
    },
  });
  s.put({
    apiVersion: 'cert-manager.io/v1',
    kind: 'CertificateRequest',
    metadata: s.meta(id, `${id}-tls-${revision}`, ns, s.now - notBefore, {
      annotations: {
        'cert-manager.io/certificate-name': `${id}-tls`,
        'cert-manager.io/certificate-revision': String(revision),
      },
      ownerReferences: [
        {
          apiVersion: 'cert-manager.io/v1',
          kind: 'Certificate',
          name: `${id}-tls`,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    }),
    spec: {
      issuerRef: {
        group: 'cert-manager.io',
        kind: 'ClusterIssuer',
        name: 'letsencrypt-production',
      },
      request: Buffer.from('demo CSR').toString('base64'),
      usages: ['digital signature', 'key encipherment'],
    },
    status: {
      conditions: [
        condition(
          'Approved',
          'True',
          'cert-manager.io',
          'Certificate request has been approved by cert-manager.io',
          notBefore,
        ),
        condition(
          'Ready',
          'True',
          'Issued',
          'Certificate fetched from issuer successfully',
          notBefore,
        ),
      ],
    },
  });
  s.put({
    apiVersion: 'cert-manager.io/v1',
    kind: 'Issuer',
    metadata: s.meta(id, `${id}-selfsigned`, ns, 40 * DAY),
    spec: { selfSigned: {} },
    status: {
      conditions: [condition('Ready', 'True', 'IsReady', '', 40 * DAY, 1)],
    },
  });
}

interface FluxSpec {
  id: string;
  env: string;
  namespace: string;
  state: FluxState;
  gitRepository: string;
  /** The source's current artifact revision. */
  revision: string;
  /** The revision before it (what a failing Kustomization still has applied). */
  previousRevision: string;
}

function seedKustomization(s: Seeder, f: FluxSpec) {
  const name = `${f.id}-${f.env}`;
  const at = s.now - 4 * MINUTE;
  const gen = 1;
  const ready = f.state === 'ready' || f.state === 'suspended';
  const conditions = (() => {
    switch (f.state) {
      case 'stalled':
        return [
          condition(
            'Ready',
            'False',
            'BuildFailed',
            `kustomize build failed: accumulating resources: accumulation err='accumulating resources from '../base': '/tmp/kustomization-${hex(
              name,
              10,
            ).replace(
              /\D/g,
              '3',
            )}/deploy/base' must resolve to a file': couldn't make target for path '/tmp/kustomization-${hex(
              name,
              10,
            ).replace(
              /\D/g,
              '3',
            )}/deploy/base': unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '/tmp/kustomization-${hex(
              name,
              10,
            ).replace(/\D/g, '3')}/deploy/base'`,
            at,
            gen,
          ),
          condition(
            'Stalled',
            'True',
            'BuildFailed',
            "kustomize build failed: unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory 'deploy/base'",
            at,
            gen,
          ),
        ];
      case 'progressing':
        return [
          condition(
            'Reconciling',
            'True',
            'ProgressingWithRetry',
            `Detecting drift for revision ${f.revision} with a timeout of 5m0s`,
            at,
            gen,
          ),
          condition(
            'Ready',
            'Unknown',
            'Progressing',
            'Reconciliation in progress',
            at,
            gen,
          ),
        ];
      case 'failed':
        return [
          condition(
            'Ready',
            'False',
            'HealthCheckFailed',
            `health check failed after 5m0.012s: timeout waiting for: [Deployment/${f.namespace}/${f.id} status: 'InProgress']`,
            at,
            gen,
          ),
          condition(
            'Healthy',
            'False',
            'HealthCheckFailed',
            `timeout waiting for: [Deployment/${f.namespace}/${f.id} status: 'InProgress']`,
            at,
            gen,
          ),
        ];
      default:
        return kustomizationSucceeded(f.revision, at, gen);
    }
  })();
  s.put({
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: s.meta(f.id, name, 'flux-system', 60 * DAY, {
      finalizers: ['finalizers.fluxcd.io'],
    }),
    spec: {
      interval: '10m0s',
      retryInterval: '2m0s',
      timeout: '5m0s',
      path: `./deploy/${f.env}`,
      prune: true,
      wait: true,
      targetNamespace: f.namespace,
      sourceRef: { kind: 'GitRepository', name: f.gitRepository },
      ...(f.state === 'suspended' && { suspend: true }),
    },
    status: {
      observedGeneration: gen,
      conditions,
      lastAttemptedRevision: f.revision,
      lastAppliedRevision:
        ready || f.state === 'progressing' ? f.revision : f.previousRevision,
      inventory: {
        entries: [
          { id: `${f.namespace}_${f.id}_apps_Deployment`, v: 'v1' },
          { id: `${f.namespace}_${f.id}__Service`, v: 'v1' },
          {
            id: `${f.namespace}_${f.id}_autoscaling_HorizontalPodAutoscaler`,
            v: 'v2',
          },
        ],
      },
    },
  });
}

function seedGitRepository(
  s: Seeder,
  id: string,
  name: string,
  revision: string,
) {
  const sha = revision.split(':')[1];
  const path = `gitrepository/flux-system/${name}/${sha}.tar.gz`;
  const at = s.now - 6 * MINUTE;
  s.put({
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: s.meta(id, name, 'flux-system', 60 * DAY, {
      finalizers: ['finalizers.fluxcd.io'],
    }),
    spec: {
      interval: '1m0s',
      timeout: '60s',
      url: `https://github.com/drktrc-demo/${name}-deploy`,
      ref: { branch: 'main' },
      secretRef: { name: 'flux-system' },
    },
    status: {
      observedGeneration: 1,
      conditions: artifactStored(
        'Succeeded',
        `stored artifact for revision '${revision}'`,
        at,
        1,
      ),
      artifact: {
        digest: `sha256:${hex(`${revision}/digest`, 64)}`,
        lastUpdateTime: rfc3339(at),
        path,
        revision,
        size: 48213,
        url: `http://source-controller.flux-system.svc.cluster.local./${path}`,
      },
    },
  });
}

function seedPodinfoHelm(s: Seeder) {
  const id = 'podinfo';
  const at = s.now - 3 * HOUR;
  const repoDigest = `sha256:${hex('podinfo-helm-index', 64)}`;
  s.put({
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
  s.put({
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
  s.put({
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
  ) => ({
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
        `Helm ${
          history.length > 1 ? 'upgrade' : 'install'
        } succeeded for release podinfo-${env}/podinfo.v${
          history[0].version
        } with chart podinfo@${history[0].chartVersion}`,
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

function seedPodinfo(s: Seeder) {
  const id = 'podinfo';
  const revision = `main@sha1:${hex('podinfo-deploy/main/2')}`;
  const previousRevision = `main@sha1:${hex('podinfo-deploy/main/1')}`;
  for (const env of ['staging', 'production']) s.namespace(`${id}-${env}`, id);
  s.put({
    apiVersion: 'cert-manager.io/v1',
    kind: 'ClusterIssuer',
    metadata: s.meta(id, 'letsencrypt-production', undefined, 120 * DAY),
    spec: {
      acme: {
        server: 'https://acme-v02.api.letsencrypt.org/directory',
        email: 'platform@example.com',
        privateKeySecretRef: { name: 'letsencrypt-production-account-key' },
        solvers: [{ http01: { ingress: { ingressClassName: 'nginx' } } }],
      },
    },
    status: {
      acme: {
        uri: 'https://acme-v02.api.letsencrypt.org/acme/acct/1873520417',
        lastRegisteredEmail: 'platform@example.com',
      },
      conditions: [
        condition(
          'Ready',
          'True',
          'ACMEAccountRegistered',
          'The ACME account was registered with the ACME server',
          s.now - 120 * DAY,
          1,
        ),
      ],
    },
  });
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

const fluxStates: FluxState[] = [
  'ready',
  'stalled',
  'progressing',
  'suspended',
  'failed',
];
const certDays = [60, 20, 5, -2, 45];

/** One extra component `svc-NNNN` in its own namespace, with a varied state. */
function seedComponent(s: Seeder, index: number) {
  const id = `svc-${String(index + 1).padStart(4, '0')}`;
  const ns = id;
  s.namespace(ns, id);
  const revision = `main@sha1:${hex(`${id}/2`)}`;
  const replicas = 1 + (index % 3);
  const max = index % 4 === 0 ? replicas : replicas + 3;
  seedWorkload(s, {
    id,
    env: 'production',
    namespace: ns,
    replicas,
    image: `ghcr.io/drktrc-demo/${id}:1.${index % 10}.0`,
    hpa: {
      min: 1,
      max,
      cpu: 30 + ((index * 17) % 70),
      memoryMi: 100 + ((index * 31) % 200),
      rps: (index * 13) % 150,
    },
    certDaysLeft: certDays[index % certDays.length],
    certRenewalFailing: index % certDays.length === 2,
  });
  seedGitRepository(s, id, id, revision);
  seedKustomization(s, {
    id,
    env: 'production',
    namespace: ns,
    state: fluxStates[index % fluxStates.length],
    gitRepository: id,
    revision,
    previousRevision: `main@sha1:${hex(`${id}/1`)}`,
  });
}

/** Seeds namespaces, podinfo (unless disabled) and `components` more. */
export function seedCluster(store: ObjectStore, options: SeedOptions): void {
  const s = new Seeder(store, options.now);
  for (const ns of ['default', 'kube-system', 'flux-system', 'cert-manager'])
    s.namespace(ns);
  if (options.podinfo) seedPodinfo(s);
  for (let i = 0; i < options.components; i++) seedComponent(s, i);
}
