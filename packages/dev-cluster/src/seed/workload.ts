import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IEvent } from 'kubernetes-models/v1/Event';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IPod } from 'kubernetes-models/v1/Pod';
import type { IReplicaSet } from 'kubernetes-models/apps/v1/ReplicaSet';
import type { IService } from 'kubernetes-models/v1/Service';
import { condition } from '../conditions';
import { hex } from '../ids';
import { DAY, MINUTE, rfc3339 } from '../time';
import { seedCertificate } from './certManager';
import { KUBERNETES_ID_LABEL, podSuffix, Seeder } from './seeder';

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

/** A podinfo-style workload: Deployment, ReplicaSet, Pods, Service, ConfigMap, HPA, certificate, event. */
export function seedWorkload(s: Seeder, w: WorkloadSpec) {
  const { id, namespace: ns } = w;
  const app = { 'app.kubernetes.io/name': id };
  const rsHash = hex(`${id}/${ns}/rs`, 10).replace(/[ae]/g, c =>
    c === 'a' ? 'k' : 'z',
  );
  const rsName = `${id}-${rsHash}`;
  const deployCreated = 40 * DAY;
  const rolled = 2 * DAY;
  const deploy = s.put<IDeployment>({
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
  const owner = (kind: string, name: string, uid: string) => [
    {
      apiVersion: 'apps/v1',
      kind,
      name,
      uid,
      controller: true,
      blockOwnerDeletion: true,
    },
  ];
  const rs = s.put<IReplicaSet>({
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
    s.put<IPod>({
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
  s.put<IService>({
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
  s.put<IConfigMap>({
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
    s.put<IHorizontalPodAutoscaler>({
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
  s.put<IEvent>({
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
