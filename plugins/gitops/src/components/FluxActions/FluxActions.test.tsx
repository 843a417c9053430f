import { alertApiRef } from '@backstage/core-plugin-api';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  gitopsFluxReconcilePermission,
  gitopsFluxSuspendPermission,
} from '@drktrc/plugin-gitops-common';
import { screen, waitFor } from '@testing-library/react';
import { GitopsApi, gitopsApiRef } from '../../api';
import { FluxActions } from './FluxActions';

// usePermission caches decisions per permission for the module's lifetime, so
// this file holds the denied case and EntityGitopsContent.test the allowed one.
describe('FluxActions without the permissions', () => {
  it('disables Reconcile now and Suspend and explains why', async () => {
    const authorize = jest.fn(
      (_request: EvaluatePermissionRequest): AuthorizeResult.DENY =>
        AuthorizeResult.DENY,
    );
    const api: GitopsApi = {
      getEntityStatus: jest.fn(),
      getFleet: jest.fn(),
      reconcile: jest.fn(),
      setSuspended: jest.fn(),
    };
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [gitopsApiRef, api],
          [permissionApiRef, mockApis.permission({ authorize })],
          [alertApiRef, { post: jest.fn(), alert$: jest.fn() }],
        ]}
      >
        <FluxActions
          target={{
            cluster: 'dev-cluster',
            kind: 'Kustomization',
            namespace: 'flux-system',
            name: 'apps',
          }}
          suspended={false}
          pending={false}
          onDone={jest.fn()}
        />
      </TestApiProvider>,
    );
    await waitFor(() =>
      expect(
        authorize.mock.calls.map(([r]) => r.permission.name).sort(),
      ).toEqual(
        [
          gitopsFluxReconcilePermission.name,
          gitopsFluxSuspendPermission.name,
        ].sort(),
      ),
    );
    expect(
      screen.getByRole('button', { name: 'Reconcile now' }),
    ).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Suspend' })).toBeDisabled();
    expect(
      screen.getAllByTitle('Only the platform team may do this'),
    ).toHaveLength(2);
  });
});
