/*
 * Every seeded object passes its kind's schema: the validate() of the
 * kubernetes-models, @kubernetes-models/flux-cd and
 * @kubernetes-models/cert-manager model for its apiVersion and kind.
 */
import { Model } from '@kubernetes-models/base';
import {
  Certificate,
  CertificateRequest,
  ClusterIssuer,
  Issuer,
} from '@kubernetes-models/cert-manager/cert-manager.io/v1';
import { HelmRelease } from '@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2';
import { Kustomization } from '@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1';
import {
  GitRepository,
  HelmChart,
  HelmRepository,
  OCIRepository,
} from '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1';
import { Deployment, ReplicaSet } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import {
  ConfigMap,
  Event,
  Namespace,
  Pod,
  Secret,
  Service,
} from 'kubernetes-models/v1';
import { KubeObject } from '../registry';
import { ObjectStore } from '../store';
import { seedCluster } from '.';

type ModelClass = {
  new (data: any): Model<unknown>;
  apiVersion: string;
  kind: string;
};

const models: ModelClass[] = [
  Namespace,
  Deployment,
  ReplicaSet,
  Pod,
  Service,
  ConfigMap,
  Secret,
  Event,
  HorizontalPodAutoscaler,
  Ingress,
  Certificate,
  CertificateRequest,
  Issuer,
  ClusterIssuer,
  Kustomization,
  GitRepository,
  HelmRepository,
  OCIRepository,
  HelmChart,
  HelmRelease,
];
const modelOf = (o: KubeObject) =>
  models.find(m => m.apiVersion === o.apiVersion && m.kind === o.kind);

describe('seeded objects', () => {
  const store = new ObjectStore();
  seedCluster(store, { components: 10, now: Date.now(), podinfo: true });
  const objects = store.all();

  it('each have a model for their apiVersion and kind', () => {
    expect(
      objects.filter(o => !modelOf(o)).map(o => `${o.apiVersion} ${o.kind}`),
    ).toEqual([]);
  });

  it('each pass their schema', () => {
    const invalid = objects.flatMap(o => {
      const M = modelOf(o)!;
      try {
        new M(o).validate();
        return [];
      } catch (e) {
        return [`${o.kind} ${o.metadata.namespace}/${o.metadata.name}: ${e}`];
      }
    });
    expect(invalid).toEqual([]);
    expect(objects.length).toBeGreaterThan(100);
  });

  it('are rejected by the schema when a field has the wrong type', () => {
    const deployment = objects.find(o => o.kind === 'Deployment')!;
    const broken = {
      ...deployment,
      spec: { ...(deployment.spec as object), replicas: 'ten' },
    };
    expect(() => new Deployment(broken as any).validate()).toThrow(/replicas/);
  });
});
