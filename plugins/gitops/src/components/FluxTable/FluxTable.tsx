import {
  ClusterRef,
  FluxSourceView,
  HelmReleaseView,
  KustomizationView,
  ObjectRefView,
} from '@drktrc/plugin-gitops-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { FluxActions } from '../FluxActions';
import { HealthStatus } from '../HealthStatus';

type FluxObject = KustomizationView | HelmReleaseView | FluxSourceView;

const refText = (r: ObjectRefView) =>
  `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;

function StatusCell(props: { object: FluxObject }) {
  const { status, reconcile } = props.object;
  return (
    <TableCell>
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
    </TableCell>
  );
}

function ActionsCell(props: {
  cluster: ClusterRef;
  object: FluxObject;
  onChange: () => void;
}) {
  const o = props.object;
  return (
    <TableCell>
      {o.namespace && (
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
      )}
    </TableCell>
  );
}

export interface FluxTableProps {
  cluster: ClusterRef;
  onChange: () => void;
}

export function KustomizationTable(
  props: FluxTableProps & { items: KustomizationView[] },
) {
  if (props.items.length === 0) return null;
  return (
    <Table size="small" aria-label="Kustomizations">
      <TableHead>
        <TableRow>
          <TableCell>Kustomization</TableCell>
          <TableCell>Status</TableCell>
          <TableCell>Revision</TableCell>
          <TableCell>Source and dependencies</TableCell>
          <TableCell>Actions</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.items.map(k => (
          <TableRow key={`${k.namespace}/${k.name}`}>
            <TableCell>
              {k.namespace}/{k.name}
              {k.path && (
                <Typography variant="body2" color="textSecondary">
                  {k.path}
                </Typography>
              )}
            </TableCell>
            <StatusCell object={k} />
            <TableCell>
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
            </TableCell>
            <TableCell>
              {k.sourceRef && (
                <Typography variant="body2">{refText(k.sourceRef)}</Typography>
              )}
              {k.dependsOn.map(d => (
                <Typography
                  key={refText(d)}
                  variant="body2"
                  color="textSecondary"
                >
                  depends on {refText(d)}
                </Typography>
              ))}
            </TableCell>
            <ActionsCell
              cluster={props.cluster}
              object={k}
              onChange={props.onChange}
            />
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function HelmReleaseTable(
  props: FluxTableProps & { items: HelmReleaseView[] },
) {
  if (props.items.length === 0) return null;
  return (
    <Table size="small" aria-label="HelmReleases">
      <TableHead>
        <TableRow>
          <TableCell>HelmRelease</TableCell>
          <TableCell>Status</TableCell>
          <TableCell>Chart and revision</TableCell>
          <TableCell>History</TableCell>
          <TableCell>Actions</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.items.map(h => (
          <TableRow key={`${h.namespace}/${h.name}`}>
            <TableCell>
              {h.namespace}/{h.name}
              {h.dependsOn.map(d => (
                <Typography
                  key={refText(d)}
                  variant="body2"
                  color="textSecondary"
                >
                  depends on {refText(d)}
                </Typography>
              ))}
            </TableCell>
            <StatusCell object={h} />
            <TableCell>
              {h.chart && <Typography variant="body2">{h.chart}</Typography>}
              {h.chartSourceRef && (
                <Typography variant="body2" color="textSecondary">
                  from {refText(h.chartSourceRef)}
                </Typography>
              )}
              <Typography variant="body2">
                Revision: {h.revision ?? '—'}
              </Typography>
            </TableCell>
            <TableCell>
              {h.history.length === 0 && '—'}
              {h.history.map(r => (
                <Typography key={`${r.version}-${r.digest}`} variant="body2">
                  v{r.version} {r.status}: {r.chartName} {r.chartVersion}
                  {r.appVersion ? ` (app ${r.appVersion})` : ''}
                  {r.lastDeployed ? `, ${r.lastDeployed}` : ''}
                </Typography>
              ))}
            </TableCell>
            <ActionsCell
              cluster={props.cluster}
              object={h}
              onChange={props.onChange}
            />
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function SourceTable(
  props: FluxTableProps & { items: FluxSourceView[] },
) {
  if (props.items.length === 0) return null;
  return (
    <Table size="small" aria-label="Sources">
      <TableHead>
        <TableRow>
          <TableCell>Source</TableCell>
          <TableCell>Status</TableCell>
          <TableCell>URL and revision</TableCell>
          <TableCell>Actions</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.items.map(s => (
          <TableRow key={`${s.kind}/${s.namespace}/${s.name}`}>
            <TableCell>
              {s.kind} {s.namespace}/{s.name}
            </TableCell>
            <StatusCell object={s} />
            <TableCell>
              <Typography variant="body2">{s.url ?? '—'}</Typography>
              <Typography variant="body2" color="textSecondary">
                {s.revision ?? 'no artifact'}
              </Typography>
            </TableCell>
            <ActionsCell
              cluster={props.cluster}
              object={s}
              onChange={props.onChange}
            />
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
