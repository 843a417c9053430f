import { Condition } from '../schemas/kubernetes';

export function findCondition(
  conditions: Condition[] | undefined,
  type: string,
): Condition | undefined {
  return conditions?.find(c => c.type === type);
}

/** Conditions as the API returns them (no extra fields). */
export function conditionViews(conditions: Condition[] | undefined) {
  return (conditions ?? []).map(c => ({
    type: c.type,
    status: c.status,
    reason: c.reason,
    message: c.message,
    lastTransitionTime: c.lastTransitionTime,
  }));
}
