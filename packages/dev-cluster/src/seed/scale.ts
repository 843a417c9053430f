/** The scale seed: extra components `svc-NNNN` with varied Flux and certificate states. */
import { hex } from '../ids';
import { FluxState, seedGitRepository, seedKustomization } from './flux';
import { Seeder } from './seeder';
import { seedWorkload } from './workload';

const fluxStates: FluxState[] = [
  'ready',
  'stalled',
  'progressing',
  'suspended',
  'failed',
];
const certDays = [60, 20, 5, -2, 45];

/** One extra component `svc-NNNN` in its own namespace, with a varied state. */
export function seedComponent(s: Seeder, index: number) {
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
