import { HpaView } from '@drktrc/plugin-gitops-common';
import Typography from '@material-ui/core/Typography';
import {
  healthColumn,
  nameColumn,
  ObjectColumn,
  ObjectTable,
} from '../ObjectTable';

const columns: ObjectColumn<HpaView>[] = [
  nameColumn('HPA', h => (
    <Typography variant="body2" color="textSecondary">
      scales {h.scaleTargetRef.kind} {h.scaleTargetRef.name}
    </Typography>
  )),
  {
    title: 'Replicas',
    render: h => (
      <>
        {h.currentReplicas ?? '?'} (min {h.minReplicas}, max {h.maxReplicas}
        {h.desiredReplicas !== undefined
          ? `, desired ${h.desiredReplicas}`
          : ''}
        )
        {h.saturated && (
          <Typography variant="body2" color="error">
            At max replicas
          </Typography>
        )}
      </>
    ),
  },
  {
    title: 'Metrics (current / target)',
    render: h =>
      h.metrics.map(m => (
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
      )),
  },
  healthColumn(),
];

/** HPAs: replicas against min/max, every metric against its target, conditions. */
export function HpaTable(props: { items: HpaView[] }) {
  return (
    <ObjectTable
      label="Horizontal Pod Autoscalers"
      columns={columns}
      items={props.items}
    />
  );
}
