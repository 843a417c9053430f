import { HealthCounts, HealthState } from '../schemas/api';

const order: HealthState[] = [
  'ok',
  'suspended',
  'progressing',
  'unknown',
  'warning',
  'error',
];

/** The worst of some health states (`ok` for none). */
export function worstHealth(states: Iterable<HealthState>): HealthState {
  let worst = 0;
  for (const s of states) worst = Math.max(worst, order.indexOf(s));
  return order[worst];
}

/** How many of each health state. */
export function countHealth(states: Iterable<HealthState>): HealthCounts {
  const counts: HealthCounts = {};
  for (const s of states) counts[s] = (counts[s] ?? 0) + 1;
  return counts;
}
