/** From one cluster's raw objects to the views the API returns. */
import { z } from 'zod';
import { findGitopsKind } from '../customResources';
import {
  ClusterError,
  ClusterRef,
  ClusterStatus,
  FleetClusterSummary,
  FluxSourceView,
} from '../schemas/api';
import {
  certificateSchema,
  fluxSourceSchema,
  helmReleaseSchema,
  hpaSchema,
  kustomizationSchema,
} from '../schemas/kubernetes';
import {
  CertificateThresholds,
  certificateView,
  defaultCertificateThresholds,
} from './certificate';
import { helmReleaseView, kustomizationView, sourceView } from './flux';
import { countHealth, worstHealth } from './health';
import { hpaView } from './hpa';

export interface BuildClusterStatusOptions {
  cluster: ClusterRef;
  /** Objects of any of the `gitopsResourceKinds`, any served version; others are ignored. */
  objects: readonly unknown[];
  errors?: ClusterError[];
  now: Date;
  thresholds?: CertificateThresholds;
}

const describe = (o: unknown) => {
  const obj = o as {
    kind?: unknown;
    metadata?: { name?: unknown; namespace?: unknown };
  };
  const ns = obj?.metadata?.namespace;
  return `${String(obj?.kind)} ${ns ? `${String(ns)}/` : ''}${String(
    obj?.metadata?.name,
  )}`;
};

/** A parse failure as data: which object, which field. */
export function invalidObjectError(
  o: unknown,
  error: z.ZodError,
): ClusterError {
  const issues = error.issues
    .slice(0, 3)
    .map(i => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
  return {
    errorType: 'INVALID_OBJECT',
    message: `${describe(o)} does not match its schema: ${issues}`,
  };
}

/**
 * Sorts objects by kind, parses each against its schema and builds the
 * views. An object that does not parse becomes an `INVALID_OBJECT` error
 * beside the others.
 */
export function buildClusterStatus(
  options: BuildClusterStatusOptions,
): ClusterStatus {
  const errors = [...(options.errors ?? [])];
  const buckets = {
    kustomization: [],
    helmrelease: [],
    source: [],
    certificate: [],
    hpa: [],
  } as Record<string, unknown[]>;
  for (const o of options.objects) {
    const obj = o as { apiVersion?: unknown; kind?: unknown };
    if (typeof obj?.apiVersion !== 'string' || typeof obj?.kind !== 'string')
      continue;
    const kind = findGitopsKind(obj.apiVersion, obj.kind);
    if (kind && buckets[kind.category]) buckets[kind.category].push(o);
  }
  const parse = <T>(schema: z.ZodType<T>, items: unknown[]): T[] =>
    items.flatMap(item => {
      const r = schema.safeParse(item);
      if (r.success) return [r.data];
      errors.push(invalidObjectError(item, r.error));
      return [];
    });
  const byName = <T extends { namespace?: string; name: string }>(a: T, b: T) =>
    `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`);

  const sources: FluxSourceView[] = parse(fluxSourceSchema, buckets.source)
    .map(sourceView)
    .sort(byName);
  return {
    cluster: options.cluster,
    errors,
    kustomizations: parse(kustomizationSchema, buckets.kustomization)
      .map(k => kustomizationView(k, sources))
      .sort(byName),
    helmReleases: parse(helmReleaseSchema, buckets.helmrelease)
      .map(helmReleaseView)
      .sort(byName),
    sources,
    hpas: parse(hpaSchema, buckets.hpa).map(hpaView).sort(byName),
    certificates: parse(certificateSchema, buckets.certificate)
      .map(c =>
        certificateView(
          c,
          options.now,
          options.thresholds ?? defaultCertificateThresholds,
        ),
      )
      .sort(byName),
  };
}

/** One cluster's status in a component's fleet row. */
export function summarizeClusterStatus(
  status: ClusterStatus,
): FleetClusterSummary {
  const flux = [
    ...status.kustomizations,
    ...status.helmReleases,
    ...status.sources,
  ].map(o => o.status.health);
  const hpas = status.hpas.map(h => h.health);
  const certificates = status.certificates.map(c => c.health);
  const days = status.certificates
    .map(c => c.daysLeft)
    .filter((d): d is number => d !== undefined);
  return {
    cluster: status.cluster,
    flux: countHealth(flux),
    hpas: countHealth(hpas),
    certificates: countHealth(certificates),
    minCertificateDaysLeft: days.length ? Math.min(...days) : undefined,
    health: worstHealth([
      ...flux,
      ...hpas,
      ...certificates,
      ...(status.errors.length ? (['error'] as const) : []),
    ]),
  };
}
