/** Kubernetes status conditions, as controllers write them. */
import { rfc3339 } from './time';

export type ConditionStatus = 'True' | 'False' | 'Unknown';

export const condition = (
  type: string,
  status: ConditionStatus,
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

export type Condition = ReturnType<typeof condition>;
