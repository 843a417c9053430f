import { WarningPanel } from '@backstage/core-components';
import { ClusterError, ClusterWithErrors } from '@drktrc/plugin-gitops-common';
import Typography from '@material-ui/core/Typography';

const describe = (e: ClusterError) =>
  [
    e.errorType,
    e.statusCode ? `(${e.statusCode})` : undefined,
    e.resourcePath,
    e.message ? `: ${e.message}` : undefined,
  ]
    .filter(Boolean)
    .join(' ');

/** One cluster's errors, shown beside the other clusters' data. */
export function ClusterErrors(props: ClusterWithErrors) {
  if (props.errors.length === 0) return null;
  const name = props.cluster.title ?? props.cluster.name;
  return (
    <WarningPanel
      severity="error"
      title={`Could not read everything from ${name}`}
      defaultExpanded
    >
      {props.errors.map((e, i) => (
        <Typography key={i} variant="body2">
          {describe(e)}
        </Typography>
      ))}
    </WarningPanel>
  );
}
