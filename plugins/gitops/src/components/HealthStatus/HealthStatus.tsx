import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import { HealthState } from '@drktrc/plugin-gitops-common';
import { ReactNode } from 'react';

const components: Record<
  HealthState,
  (props: { children?: ReactNode }) => JSX.Element
> = {
  ok: StatusOK,
  suspended: StatusAborted,
  progressing: StatusRunning,
  unknown: StatusPending,
  warning: StatusWarning,
  error: StatusError,
};

/** A status dot and label for a health state. */
export function HealthStatus(props: {
  health: HealthState;
  children?: ReactNode;
}) {
  const Status = components[props.health];
  return <Status>{props.children ?? props.health}</Status>;
}
