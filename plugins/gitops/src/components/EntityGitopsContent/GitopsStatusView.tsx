import { InfoCard } from '@backstage/core-components';
import {
  ClusterStatus,
  EntityStatusResponse,
  worstHealth,
} from '@drktrc/plugin-gitops-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { CertificatesTable } from '../CertificatesTable';
import { ClusterErrors } from '../ClusterErrors';
import {
  HelmReleaseTable,
  KustomizationTable,
  SourceTable,
} from '../FluxTable';
import { HealthStatus } from '../HealthStatus';
import { HpaTable } from '../HpaTable';

function Section(props: { title: string; count: number; children: ReactNode }) {
  if (props.count === 0) return null;
  return (
    <Box mt={2}>
      <Typography variant="h6">{props.title}</Typography>
      {props.children}
    </Box>
  );
}

export function clusterHealth(c: ClusterStatus) {
  return worstHealth([
    ...c.kustomizations.map(o => o.status.health),
    ...c.helmReleases.map(o => o.status.health),
    ...c.sources.map(o => o.status.health),
    ...c.hpas.map(h => h.health),
    ...c.certificates.map(x => x.health),
    ...(c.errors.length ? (['error'] as const) : []),
  ]);
}

function ClusterCard(props: { status: ClusterStatus; onChange: () => void }) {
  const { status, onChange } = props;
  const empty =
    status.kustomizations.length +
      status.helmReleases.length +
      status.sources.length +
      status.hpas.length +
      status.certificates.length ===
    0;
  return (
    <InfoCard
      title={status.cluster.title ?? status.cluster.name}
      subheader={
        <HealthStatus health={clusterHealth(status)}>
          cluster {status.cluster.name}
        </HealthStatus>
      }
    >
      <ClusterErrors cluster={status.cluster} errors={status.errors} />
      {empty && status.errors.length === 0 && (
        <Typography>
          No GitOps objects for this component on this cluster.
        </Typography>
      )}
      <Section title="Horizontal Pod Autoscalers" count={status.hpas.length}>
        <HpaTable items={status.hpas} />
      </Section>
      <Section title="Certificates" count={status.certificates.length}>
        <CertificatesTable items={status.certificates} />
      </Section>
      <Section title="Flux Kustomizations" count={status.kustomizations.length}>
        <KustomizationTable
          cluster={status.cluster}
          items={status.kustomizations}
          onChange={onChange}
        />
      </Section>
      <Section title="Flux HelmReleases" count={status.helmReleases.length}>
        <HelmReleaseTable
          cluster={status.cluster}
          items={status.helmReleases}
          onChange={onChange}
        />
      </Section>
      <Section title="Flux sources" count={status.sources.length}>
        <SourceTable
          cluster={status.cluster}
          items={status.sources}
          onChange={onChange}
        />
      </Section>
    </InfoCard>
  );
}

/** Every cluster's GitOps status for one entity; failing clusters beside the others. */
export function GitopsStatusView(props: {
  status: EntityStatusResponse;
  onChange: () => void;
}) {
  if (props.status.clusters.length === 0) {
    return (
      <Typography>No cluster has GitOps objects for this component.</Typography>
    );
  }
  return (
    <Grid container spacing={3}>
      {props.status.clusters.map(c => (
        <Grid item xs={12} key={c.cluster.name}>
          <ClusterCard status={c} onChange={props.onChange} />
        </Grid>
      ))}
    </Grid>
  );
}
