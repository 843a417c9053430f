import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  FleetClusterSummary,
  FleetResponse,
  HealthCounts,
} from '@drktrc/plugin-gitops-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { ClusterErrors } from '../ClusterErrors';
import { HealthStatus } from '../HealthStatus';

const counts = (c: HealthCounts) =>
  Object.entries(c)
    .map(([state, n]) => `${n} ${state}`)
    .join(', ') || 'none';

function ClusterSummary(props: { summary: FleetClusterSummary }) {
  const s = props.summary;
  return (
    <Typography variant="body2" component="div">
      <HealthStatus health={s.health}>
        {s.cluster.title ?? s.cluster.name}
      </HealthStatus>{' '}
      Flux: {counts(s.flux)} · HPA: {counts(s.hpas)} · Certificates:{' '}
      {counts(s.certificates)}
      {s.minCertificateDaysLeft !== undefined &&
        ` (next expiry in ${s.minCertificateDaysLeft} days)`}
    </Typography>
  );
}

/** Every labelled component on every cluster; each failing cluster's errors above. */
export function FleetTable(props: { fleet: FleetResponse }) {
  const { fleet } = props;
  return (
    <>
      {fleet.clusters.map(c => (
        <ClusterErrors
          key={c.cluster.name}
          cluster={c.cluster}
          errors={c.errors}
        />
      ))}
      <Table aria-label="GitOps fleet">
        <TableHead>
          <TableRow>
            <TableCell>Component</TableCell>
            <TableCell>Health</TableCell>
            <TableCell>Clusters</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {fleet.components.map(c => (
            <TableRow key={c.kubernetesId}>
              <TableCell>
                {c.entityRefs.length > 0
                  ? c.entityRefs.map(ref => (
                      <div key={ref}>
                        <EntityRefLink entityRef={ref} />
                      </div>
                    ))
                  : c.kubernetesId}
              </TableCell>
              <TableCell>
                <HealthStatus health={c.health} />
              </TableCell>
              <TableCell>
                {c.clusters.map(s => (
                  <ClusterSummary key={s.cluster.name} summary={s} />
                ))}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {fleet.components.length === 0 && (
        <Typography>No component has GitOps objects on any cluster.</Typography>
      )}
    </>
  );
}
