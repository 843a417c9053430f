/**
 * Simulated controllers: Flux reconcile requests and certificate renewal.
 * Every timer is tracked and cleared by the returned stop function.
 */
import {
  CERTIFICATE_DURATION_MS,
  CERTIFICATE_READY_MESSAGE,
  certificateExpiredMessage,
  RENEW_BEFORE_MS,
} from './certManager/certificates';
import { RECONCILE_REQUESTED_AT_ANNOTATION } from '@drktrc/plugin-gitops-common';
import { Condition, condition } from './conditions';
import {
  artifactStored,
  helmReleasedMessage,
  kustomizationSucceeded,
  sameConditions,
  storedRevisionMessage,
} from './flux/conditions';
import { hex } from './ids';
import { rfc3339 } from './time';
import { KubeObject, ResourceKind, resourceKinds } from './registry';
import { ObjectStore, StoreEvent } from './store';

export interface ControllerOptions {
  /** Delay before a reconcile request shows as Progressing. */
  progressDelayMs: number;
  /** Delay before a reconcile request is handled (Ready/Stalled, lastHandledReconcileAt). */
  reconcileDelayMs: number;
  /** How often certificates are checked against the clock. */
  certificateIntervalMs: number;
  /** The clock (ms since epoch). */
  now: () => number;
  /** Called when a simulated controller step fails (default: stderr). */
  onError: (error: unknown) => void;
}

export const defaultControllerOptions: ControllerOptions = {
  progressDelayMs: 1000,
  reconcileDelayMs: 3000,
  certificateIntervalMs: 30_000,
  now: Date.now,
  onError: error =>
    process.stderr.write(`dev-cluster controller error: ${String(error)}\n`),
};

type Status = {
  conditions?: Condition[];
  observedGeneration?: number;
  lastHandledReconcileAt?: string;
  [key: string]: unknown;
};

const FLUX_GROUPS = [
  'kustomize.toolkit.fluxcd.io',
  'helm.toolkit.fluxcd.io',
  'source.toolkit.fluxcd.io',
];

const kindOf = (kind: string) =>
  resourceKinds.find(r => r.kind === kind && FLUX_GROUPS.includes(r.group))!;
const certificates = resourceKinds.find(r => r.kind === 'Certificate')!;

const statusOf = (o: KubeObject) => (o.status ?? {}) as Status;
const spec = (o: KubeObject) => (o.spec ?? {}) as Record<string, unknown>;
const cond = (o: KubeObject, type: string) =>
  statusOf(o).conditions?.find(c => c.type === type);

/** What a reconcile is for: a request annotation or a spec change not yet handled. */
function pendingReconcile(o: KubeObject): boolean {
  if (spec(o).suspend === true) return false;
  const requested = o.metadata.annotations?.[RECONCILE_REQUESTED_AT_ANNOTATION];
  const st = statusOf(o);
  return (
    (requested !== undefined && requested !== st.lastHandledReconcileAt) ||
    (o.metadata.generation ?? 1) !== (st.observedGeneration ?? 0)
  );
}

export function startControllers(
  store: ObjectStore,
  partial: Partial<ControllerOptions> = {},
): () => void {
  const options = { ...defaultControllerOptions, ...partial };
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<string>();
  let stopped = false;

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      if (stopped) return;
      try {
        fn();
      } catch (error) {
        options.onError(error);
      }
    }, ms);
    timers.add(t);
  };

  const setConditions = (o: KubeObject, conditions: Condition[]) => {
    const st = statusOf(o);
    const kept = (st.conditions ?? []).filter(
      c => !conditions.some(n => n.type === c.type),
    );
    o.status = { ...st, conditions: [...conditions, ...kept] };
  };

  const tryModify = (
    r: ResourceKind,
    ns: string | undefined,
    name: string,
    fn: (o: KubeObject) => void,
  ) => {
    if (!store.get(r, ns, name)) return undefined;
    return store.modify(r, ns, name, fn);
  };

  /** A new upstream commit / chart digest: the simulated source fetch. */
  const newSourceRevision = (o: KubeObject, seed: string) => {
    const st = statusOf(o);
    const artifact = (st.artifact ?? {}) as Record<string, unknown>;
    const old = String(artifact.revision ?? '');
    let next = `sha256:${hex(`${old}/${seed}`, 64)}`;
    if (o.kind === 'GitRepository') {
      next = `${old.split('@')[0] || 'main'}@sha1:${hex(`${old}/${seed}`)}`;
    } else if (o.kind === 'OCIRepository') {
      next = `${old.split('@')[0] || 'latest'}@sha256:${hex(
        `${old}/${seed}`,
        64,
      )}`;
    }
    return {
      ...artifact,
      revision: next,
      digest: `sha256:${hex(`${next}/digest`, 64)}`,
      lastUpdateTime: rfc3339(options.now()),
    };
  };

  /**
   * The simulated source fetch: stores a new artifact and returns the
   * conditions a source controller sets for it.
   */
  const fetchSourceArtifact = (o: KubeObject): Condition[] => {
    const at = options.now();
    const artifact = newSourceRevision(o, rfc3339(at));
    o.status = { ...statusOf(o), artifact };
    const message = storedRevisionMessage(artifact.revision);
    return artifactStored('Succeeded', message, at, o.metadata.generation);
  };

  /** Marks the request handled and the generation observed. */
  const finish = (o: KubeObject, conditions: Condition[]) => {
    const st = statusOf(o);
    const requested =
      o.metadata.annotations?.[RECONCILE_REQUESTED_AT_ANNOTATION];
    o.status = {
      ...st,
      conditions: (st.conditions ?? []).filter(
        c => c.type !== 'Reconciling' && c.type !== 'Stalled',
      ),
      observedGeneration: o.metadata.generation,
      ...(requested !== undefined && { lastHandledReconcileAt: requested }),
    };
    setConditions(o, conditions);
  };

  const finishKustomization = (
    o: KubeObject,
    revision: string | undefined,
    failAgain: boolean,
    previous: Condition[],
  ) => {
    const at = options.now();
    const st = statusOf(o);
    const rev =
      revision ?? (st.lastAttemptedRevision as string | undefined) ?? '';
    if (failAgain) {
      finish(
        o,
        previous
          .filter(c => c.type !== 'Reconciling')
          .map(c => ({
            ...c,
            lastTransitionTime: rfc3339(at),
            observedGeneration: o.metadata.generation!,
          })),
      );
      o.status = { ...statusOf(o), lastAttemptedRevision: rev };
      return;
    }
    finish(o, kustomizationSucceeded(rev, at, o.metadata.generation));
    o.status = {
      ...statusOf(o),
      lastAttemptedRevision: rev,
      lastAppliedRevision: rev,
    };
  };

  const finishHelmRelease = (o: KubeObject, specChanged: boolean) => {
    const at = options.now();
    const st = statusOf(o);
    const history = [...((st.history ?? []) as Record<string, unknown>[])];
    const chartSpec = (
      spec(o).chart as { spec?: { version?: string } } | undefined
    )?.spec;
    const target =
      chartSpec?.version && /^\d+\.\d+\.\d+$/.test(chartSpec.version)
        ? chartSpec.version
        : undefined;
    const latest = history[0];
    let message =
      cond(o, 'Ready')?.message ?? 'Release reconciliation succeeded';
    let reason = cond(o, 'Ready')?.reason ?? 'UpgradeSucceeded';
    if (latest && specChanged) {
      const version = Number(latest.version) + 1;
      const chartVersion = target ?? String(latest.chartVersion);
      history.unshift({
        ...latest,
        appVersion: chartVersion,
        chartVersion,
        configDigest: `sha256:${hex(JSON.stringify(spec(o).values ?? {}), 64)}`,
        digest: `sha256:${hex(`release-${version}-${chartVersion}`, 64)}`,
        lastDeployed: rfc3339(at),
        status: 'deployed',
        version,
      });
      history[1] = { ...history[1], status: 'superseded' };
      reason = 'UpgradeSucceeded';
      message = helmReleasedMessage(
        'upgrade',
        {
          namespace: String(latest.namespace),
          name: String(latest.name),
          version,
        },
        { name: String(latest.chartName), version: chartVersion },
      );
    }
    finish(
      o,
      sameConditions(
        ['Ready', 'Released'],
        'True',
        reason,
        message,
        at,
        o.metadata.generation,
      ),
    );
    o.status = {
      ...statusOf(o),
      history: history.slice(0, 5),
      lastAttemptedGeneration: o.metadata.generation,
      ...(history[0] && {
        lastAttemptedRevision: history[0].chartVersion,
        lastAttemptedConfigDigest: history[0].configDigest,
      }),
    };
  };

  const reconcile = (r: ResourceKind, before: KubeObject) => {
    const key = `${r.plural}/${before.metadata.namespace}/${before.metadata.name}`;
    if (inFlight.has(key)) return;
    inFlight.add(key);
    const ns = before.metadata.namespace;
    const name = before.metadata.name;
    const wasFailing =
      cond(before, 'Stalled')?.status === 'True' ||
      cond(before, 'Ready')?.status === 'False';
    const previousConditions = statusOf(before).conditions ?? [];
    const specChanged =
      (before.metadata.generation ?? 1) !==
      (statusOf(before).observedGeneration ?? 0);

    later(options.progressDelayMs, () => {
      tryModify(r, ns, name, o => {
        const at = options.now();
        const st = statusOf(o);
        o.status = {
          ...st,
          conditions: (st.conditions ?? []).filter(c => c.type !== 'Stalled'),
        };
        setConditions(o, [
          condition(
            'Reconciling',
            'True',
            'Progressing',
            'Reconciliation in progress',
            at,
            o.metadata.generation,
          ),
          condition(
            'Ready',
            'Unknown',
            'Progressing',
            'Reconciliation in progress',
            at,
            o.metadata.generation,
          ),
        ]);
      });
    });

    later(options.reconcileDelayMs, () => {
      inFlight.delete(key);
      const current = store.get(r, ns, name);
      if (!current) return;
      if (r.kind === 'Kustomization') {
        const ref = spec(current).sourceRef as
          | { kind?: string; name?: string; namespace?: string }
          | undefined;
        const sourceKind = ref?.kind ? kindOf(ref.kind) : undefined;
        const sourceNs = ref?.namespace ?? ns;
        let revision: string | undefined;
        if (
          sourceKind &&
          ref?.name &&
          store.get(sourceKind, sourceNs, ref.name)
        ) {
          // Like `flux reconcile ks --with-source`: the source fetches first.
          const source = store.modify(sourceKind, sourceNs, ref.name, o =>
            setConditions(o, fetchSourceArtifact(o)),
          );
          revision = (
            statusOf(source).artifact as { revision?: string } | undefined
          )?.revision;
        }
        tryModify(r, ns, name, o =>
          finishKustomization(
            o,
            revision,
            wasFailing && !specChanged,
            previousConditions,
          ),
        );
      } else if (r.kind === 'HelmRelease') {
        tryModify(r, ns, name, o => finishHelmRelease(o, specChanged));
      } else {
        tryModify(r, ns, name, o => finish(o, fetchSourceArtifact(o)));
      }
    });
  };

  const onEvent = (e: StoreEvent) => {
    if (e.type === 'DELETED' || !FLUX_GROUPS.includes(e.resource.group)) return;
    if (pendingReconcile(e.object)) reconcile(e.resource, e.object);
  };
  const unsubscribe = store.subscribe(onEvent);
  // Objects loaded from a state file may already carry unhandled requests.
  for (const r of resourceKinds.filter(k => FLUX_GROUPS.includes(k.group))) {
    for (const { object } of store.list(r))
      if (pendingReconcile(object)) reconcile(r, object);
  }

  const checkCertificates = () => {
    const now = options.now();
    for (const { object } of store.list(certificates)) {
      const st = statusOf(object);
      const notAfter = Date.parse(String(st.notAfter ?? ''));
      const renewalTime = Date.parse(String(st.renewalTime ?? ''));
      const failing = cond(object, 'Issuing')?.status === 'False';
      const ns = object.metadata.namespace;
      const name = object.metadata.name;
      if (!failing && renewalTime <= now) {
        store.modify(certificates, ns, name, o => {
          const s = statusOf(o);
          const nextAfter = now + CERTIFICATE_DURATION_MS;
          o.status = {
            ...s,
            notBefore: rfc3339(now),
            notAfter: rfc3339(nextAfter),
            renewalTime: rfc3339(nextAfter - RENEW_BEFORE_MS),
            revision: Number(s.revision ?? 0) + 1,
          };
          setConditions(o, [
            condition(
              'Ready',
              'True',
              'Ready',
              CERTIFICATE_READY_MESSAGE,
              now,
              o.metadata.generation,
            ),
          ]);
        });
      } else if (
        notAfter <= now &&
        cond(object, 'Ready')?.reason !== 'Expired'
      ) {
        store.modify(certificates, ns, name, o => {
          setConditions(o, [
            condition(
              'Ready',
              'False',
              'Expired',
              certificateExpiredMessage(notAfter),
              now,
              o.metadata.generation,
            ),
          ]);
        });
      }
    }
  };
  checkCertificates();
  const certTimer = setInterval(() => {
    try {
      checkCertificates();
    } catch (error) {
      options.onError(error);
    }
  }, options.certificateIntervalMs);

  return () => {
    stopped = true;
    unsubscribe();
    clearInterval(certTimer);
    for (const t of timers) clearTimeout(t);
    timers.clear();
  };
}
