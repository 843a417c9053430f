import { HpaView } from '@drktrc/plugin-gitops-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { HealthStatus } from '../HealthStatus';

/** HPAs: replicas against min/max, every metric against its target, conditions. */
export function HpaTable(props: { items: HpaView[] }) {
  if (props.items.length === 0) return null;
  return (
    <Table size="small" aria-label="Horizontal Pod Autoscalers">
      <TableHead>
        <TableRow>
          <TableCell>HPA</TableCell>
          <TableCell>Replicas</TableCell>
          <TableCell>Metrics (current / target)</TableCell>
          <TableCell>Health</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.items.map(h => (
          <TableRow key={`${h.namespace}/${h.name}`}>
            <TableCell>
              {h.namespace}/{h.name}
              <Typography variant="body2" color="textSecondary">
                scales {h.scaleTargetRef.kind} {h.scaleTargetRef.name}
              </Typography>
            </TableCell>
            <TableCell>
              {h.currentReplicas ?? '?'} (min {h.minReplicas}, max{' '}
              {h.maxReplicas}
              {h.desiredReplicas !== undefined
                ? `, desired ${h.desiredReplicas}`
                : ''}
              )
              {h.saturated && (
                <Typography variant="body2" color="error">
                  At max replicas
                </Typography>
              )}
            </TableCell>
            <TableCell>
              {h.metrics.map(m => (
                <Typography
                  key={`${m.type}/${m.name}/${m.container ?? ''}`}
                  variant="body2"
                  color={m.aboveTarget ? 'error' : 'textPrimary'}
                >
                  {m.type} {m.name}
                  {m.container ? ` (container ${m.container})` : ''}
                  {m.describedObject
                    ? ` on ${m.describedObject.kind} ${m.describedObject.name}`
                    : ''}
                  : {m.current ?? 'no value'} / {m.target}
                </Typography>
              ))}
            </TableCell>
            <TableCell>
              <HealthStatus health={h.health} />
              {h.problems.map(p => (
                <Typography key={p} variant="body2" color="textSecondary">
                  {p}
                </Typography>
              ))}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
