/**
 * The conditions Flux controllers (source, kustomize, helm) write, shared by
 * the seed and the simulated controllers.
 */
import { condition, ConditionStatus } from '../conditions';

/** One condition under several types, as Flux sets Ready with ArtifactInStorage or Released. */
export const sameConditions = (
  types: string[],
  status: ConditionStatus,
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

/** source-controller's message for a GitRepository artifact. */
export const storedRevisionMessage = (revision: string) =>
  `stored artifact for revision '${revision}'`;

/** helm-controller's Ready/Released message after an install or upgrade. */
export const helmReleasedMessage = (
  action: 'install' | 'upgrade',
  release: { namespace: string; name: string; version: number },
  chart: { name: string; version: string },
) =>
  `Helm ${action} succeeded for release ${release.namespace}/${release.name}.v${release.version} with chart ${chart.name}@${chart.version}`;
