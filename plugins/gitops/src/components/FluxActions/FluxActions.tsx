import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  gitopsFluxReconcilePermission,
  gitopsFluxSuspendPermission,
} from '@drktrc/plugin-gitops-common';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import { useState } from 'react';
import { FluxTarget, gitopsApiRef } from '../../api';

export interface FluxActionsProps {
  target: FluxTarget;
  suspended: boolean;
  /** Reconcile requested and not handled yet. */
  pending: boolean;
  /** Called after an action succeeded (reload the view). */
  onDone: () => void;
}

const PLATFORM_ONLY = 'Only the platform team may do this';

/** "Reconcile now" and Suspend/Resume, enabled only when the permission allows. */
export function FluxActions(props: FluxActionsProps) {
  const api = useApi(gitopsApiRef);
  const alertApi = useApi(alertApiRef);
  const reconcile = usePermission({
    permission: gitopsFluxReconcilePermission,
  });
  const suspend = usePermission({ permission: gitopsFluxSuspendPermission });
  const [busy, setBusy] = useState(false);
  const label = `${props.target.kind} ${props.target.namespace}/${props.target.name}`;

  const run = async (action: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await action();
      alertApi.post({
        message: done,
        severity: 'success',
        display: 'transient',
      });
      props.onDone();
    } catch (e) {
      alertApi.post({
        message: `${label}: ${(e as Error).message}`,
        severity: 'error',
      });
    } finally {
      setBusy(false);
    }
  };

  const reconcileButton = (
    <Button
      size="small"
      variant="outlined"
      disabled={!reconcile.allowed || busy || props.pending || props.suspended}
      onClick={() =>
        run(
          () => api.reconcile(props.target),
          `Reconcile requested for ${label}`,
        )
      }
    >
      {props.pending ? 'Reconciling…' : 'Reconcile now'}
    </Button>
  );
  const suspendButton = (
    <Button
      size="small"
      variant="outlined"
      disabled={!suspend.allowed || busy}
      onClick={() =>
        run(
          () => api.setSuspended(props.target, !props.suspended),
          `${props.suspended ? 'Resumed' : 'Suspended'} ${label}`,
        )
      }
    >
      {props.suspended ? 'Resume' : 'Suspend'}
    </Button>
  );
  return (
    <div role="group" aria-label={`Actions for ${label}`}>
      {reconcile.allowed ? (
        reconcileButton
      ) : (
        <Tooltip title={PLATFORM_ONLY}>
          <span>{reconcileButton}</span>
        </Tooltip>
      )}
      {suspend.allowed ? (
        suspendButton
      ) : (
        <Tooltip title={PLATFORM_ONLY}>
          <span>{suspendButton}</span>
        </Tooltip>
      )}
    </div>
  );
}
