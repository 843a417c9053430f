import {
  ClusterRef,
  FluxSourceView,
  HelmReleaseView,
  KustomizationView,
  ObjectRefView,
} from '@drktrc/plugin-gitops-common';
import Typography from '@material-ui/core/Typography';
import { FluxActions } from '../FluxActions';
import { HealthStatus } from '../HealthStatus';
import {
  nameColumn,
  objectName,
  ObjectColumn,
  ObjectTable,
} from '../ObjectTable';

type FluxObject = KustomizationView | HelmReleaseView | FluxSourceView;

const refText = (r: ObjectRefView) =>
  `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;

/** kstatus, its reason and message, and a reconcile not handled yet. */
const statusColumn: ObjectColumn<FluxObject> = {
  title: 'Status',
  render: ({ status, reconcile }) => (
    <>
      <HealthStatus health={status.health}>
        {status.state}
        {status.reason ? ` (${status.reason})` : ''}
      </HealthStatus>
      {status.message && (
        <Typography variant="body2" color="textSecondary">
          {status.message}
        </Typography>
      )}
      {reconcile.pending && (
        <Typography variant="caption" display="block">
          Reconcile requested at {reconcile.requestedAt}, not handled yet
        </Typography>
      )}
    </>
  ),
};

/** Reconcile, suspend and resume (for namespaced objects). */
function actionsColumn(props: FluxTableProps): ObjectColumn<FluxObject> {
  return {
    title: 'Actions',
    render: o =>
      o.namespace && (
        <FluxActions
          target={{
            cluster: props.cluster.name,
            kind: o.kind,
            namespace: o.namespace,
            name: o.name,
          }}
          suspended={o.suspended}
          pending={o.reconcile.pending}
          onDone={props.onChange}
        />
      ),
  };
}

const dependsOnLines = (dependsOn: ObjectRefView[]) =>
  dependsOn.map(d => (
    <Typography key={refText(d)} variant="body2" color="textSecondary">
      depends on {refText(d)}
    </Typography>
  ));

export interface FluxTableProps {
  cluster: ClusterRef;
  onChange: () => void;
}

export function KustomizationTable(
  props: FluxTableProps & { items: KustomizationView[] },
) {
  const columns: ObjectColumn<KustomizationView>[] = [
    nameColumn(
      'Kustomization',
      k =>
        k.path && (
          <Typography variant="body2" color="textSecondary">
            {k.path}
          </Typography>
        ),
    ),
    statusColumn,
    {
      title: 'Revision',
      render: k => (
        <>
          <Typography variant="body2">
            Applied: {k.lastAppliedRevision ?? '—'}
          </Typography>
          {k.lastAttemptedRevision &&
            k.lastAttemptedRevision !== k.lastAppliedRevision && (
              <Typography variant="body2">
                Attempted: {k.lastAttemptedRevision}
              </Typography>
            )}
          {k.sourceRevision && (
            <Typography
              variant="body2"
              color={k.upToDate ? 'textSecondary' : 'error'}
            >
              Source: {k.sourceRevision}{' '}
              {k.upToDate ? '(up to date)' : '(behind)'}
            </Typography>
          )}
        </>
      ),
    },
    {
      title: 'Source and dependencies',
      render: k => (
        <>
          {k.sourceRef && (
            <Typography variant="body2">{refText(k.sourceRef)}</Typography>
          )}
          {dependsOnLines(k.dependsOn)}
        </>
      ),
    },
    actionsColumn(props),
  ];
  return (
    <ObjectTable label="Kustomizations" columns={columns} items={props.items} />
  );
}

export function HelmReleaseTable(
  props: FluxTableProps & { items: HelmReleaseView[] },
) {
  const columns: ObjectColumn<HelmReleaseView>[] = [
    nameColumn('HelmRelease', h => dependsOnLines(h.dependsOn)),
    statusColumn,
    {
      title: 'Chart and revision',
      render: h => (
        <>
          {h.chart && <Typography variant="body2">{h.chart}</Typography>}
          {h.chartSourceRef && (
            <Typography variant="body2" color="textSecondary">
              from {refText(h.chartSourceRef)}
            </Typography>
          )}
          <Typography variant="body2">Revision: {h.revision ?? '—'}</Typography>
        </>
      ),
    },
    {
      title: 'History',
      render: h => (
        <>
          {h.history.length === 0 && '—'}
          {h.history.map(r => (
            <Typography key={`${r.version}-${r.digest}`} variant="body2">
              v{r.version} {r.status}: {r.chartName} {r.chartVersion}
              {r.appVersion ? ` (app ${r.appVersion})` : ''}
              {r.lastDeployed ? `, ${r.lastDeployed}` : ''}
            </Typography>
          ))}
        </>
      ),
    },
    actionsColumn(props),
  ];
  return (
    <ObjectTable label="HelmReleases" columns={columns} items={props.items} />
  );
}

export function SourceTable(
  props: FluxTableProps & { items: FluxSourceView[] },
) {
  const columns: ObjectColumn<FluxSourceView>[] = [
    { title: 'Source', render: s => `${s.kind} ${objectName(s)}` },
    statusColumn,
    {
      title: 'URL and revision',
      render: s => (
        <>
          <Typography variant="body2">{s.url ?? '—'}</Typography>
          <Typography variant="body2" color="textSecondary">
            {s.revision ?? 'no artifact'}
          </Typography>
        </>
      ),
    },
    actionsColumn(props),
  ];
  return (
    <ObjectTable
      label="Sources"
      columns={columns}
      items={props.items}
      rowKey={s => `${s.kind}/${objectName(s)}`}
    />
  );
}
