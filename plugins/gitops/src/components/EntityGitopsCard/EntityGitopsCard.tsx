import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { useEntityGitopsStatus } from '../../hooks';
import { clusterHealth } from '../EntityGitopsContent';
import { HealthStatus } from '../HealthStatus';

/** A compact card for the overview tab: one line per cluster. */
export function EntityGitopsCard() {
  const { entity } = useEntity();
  const { value, error, loading } = useEntityGitopsStatus(
    stringifyEntityRef(entity),
  );
  return (
    <InfoCard title="GitOps">
      {loading && !value && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value?.clusters.map(c => {
        const failing = [...c.kustomizations, ...c.helmReleases].filter(
          o => o.status.health === 'error',
        ).length;
        const saturated = c.hpas.filter(h => h.saturated).length;
        const days = c.certificates
          .map(x => x.daysLeft)
          .filter((d): d is number => d !== undefined);
        const parts = [
          c.errors.length
            ? `${c.errors.length} error(s) reading the cluster`
            : undefined,
          `${c.kustomizations.length + c.helmReleases.length} Flux objects${
            failing ? `, ${failing} failing` : ''
          }`,
          c.hpas.length
            ? `${c.hpas.length} HPA${saturated ? `, ${saturated} at max` : ''}`
            : undefined,
          days.length
            ? `certificate expires in ${Math.min(...days)} days`
            : undefined,
        ].filter(Boolean);
        return (
          <Typography key={c.cluster.name} component="div">
            <HealthStatus health={clusterHealth(c)}>
              {c.cluster.title ?? c.cluster.name}: {parts.join('; ')}
            </HealthStatus>
          </Typography>
        );
      })}
    </InfoCard>
  );
}
