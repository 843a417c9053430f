import type { IGitRepository } from '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/GitRepository';
import type { IKustomization } from '@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1/Kustomization';
import { condition } from '../conditions';
import {
  artifactStored,
  kustomizationSucceeded,
  storedRevisionMessage,
} from '../flux/conditions';
import { hex } from '../ids';
import { DAY, MINUTE, rfc3339 } from '../time';
import { Seeder } from './seeder';

export type FluxState =
  | 'ready'
  | 'stalled'
  | 'progressing'
  | 'suspended'
  | 'failed';

export interface FluxSpec {
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

/** A Kustomization in `flux-system` whose conditions follow `state`. */
export function seedKustomization(s: Seeder, f: FluxSpec) {
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
  s.put<IKustomization>({
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

/** A GitRepository with a stored artifact for `revision`. */
export function seedGitRepository(
  s: Seeder,
  id: string,
  name: string,
  revision: string,
) {
  const sha = revision.split(':')[1];
  const path = `gitrepository/flux-system/${name}/${sha}.tar.gz`;
  const at = s.now - 6 * MINUTE;
  s.put<IGitRepository>({
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
        storedRevisionMessage(revision),
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
