import { alertApiRef } from '@backstage/core-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  MockFetchApi,
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { rest } from 'msw';
import { setupServer } from 'msw/node';
import { entityStatus } from '../../__fixtures__/status';
import { GitopsClient, gitopsApiRef } from '../../api';
import { EntityGitopsContent } from './EntityGitopsContent';

const baseUrl = 'http://localhost:7007/api/gitops';
const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'podinfo',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'podinfo' },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
};

describe('EntityGitopsContent', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const reconcileBodies: unknown[] = [];
  const statusBodies: unknown[] = [];

  beforeEach(() => {
    reconcileBodies.length = 0;
    statusBodies.length = 0;
    server.use(
      rest.post(`${baseUrl}/entity-status`, async (req, res, ctx) => {
        statusBodies.push(await req.json());
        return res(ctx.json(entityStatus));
      }),
      rest.post(`${baseUrl}/reconcile`, async (req, res, ctx) => {
        reconcileBodies.push(await req.json());
        return res(ctx.json({ requestedAt: '2026-11-25T12:00:01Z' }));
      }),
    );
  });

  const render = (authorize: AuthorizeResult.ALLOW | AuthorizeResult.DENY) =>
    renderInTestApp(
      <TestApiProvider
        apis={[
          [
            gitopsApiRef,
            new GitopsClient({
              discoveryApi: mockApis.discovery({
                baseUrl: 'http://localhost:7007',
              }),
              fetchApi: new MockFetchApi(),
            }),
          ],
          [permissionApiRef, mockApis.permission({ authorize })],
          [alertApiRef, { post: jest.fn(), alert$: jest.fn() }],
        ]}
      >
        <EntityProvider entity={entity}>
          <EntityGitopsContent />
        </EntityProvider>
      </TestApiProvider>,
    );

  it('shows HPA metrics, certificate expiry, Flux state and history, and the failing cluster beside the others', async () => {
    await render(AuthorizeResult.ALLOW);
    expect(await screen.findByText('Development cluster')).toBeInTheDocument();
    expect(statusBodies[0]).toEqual({ entityRef: 'component:default/podinfo' });

    const hpa = screen.getByRole('table', {
      name: 'Horizontal Pod Autoscalers',
    });
    expect(within(hpa).getByText('At max replicas')).toBeInTheDocument();
    expect(
      within(hpa).getByText('Resource cpu: 93% / 70%'),
    ).toBeInTheDocument();
    expect(
      within(hpa).getByText('Resource memory: 180Mi / 200Mi'),
    ).toBeInTheDocument();
    expect(
      within(hpa).getByText('Pods http_requests_per_second: 140 / 100'),
    ).toBeInTheDocument();

    const certs = screen.getByRole('table', { name: 'Certificates' });
    expect(within(certs).getByText('10 days left')).toBeInTheDocument();
    expect(
      within(certs).getByText('Expires in 10 days (under 30).'),
    ).toBeInTheDocument();

    const ks = screen.getByRole('table', { name: 'Kustomizations' });
    expect(within(ks).getByText('Failed (BuildFailed)')).toBeInTheDocument();
    expect(within(ks).getByText('kustomize build failed')).toBeInTheDocument();
    expect(
      within(ks).getByText('Source: main@sha1:bbb (behind)'),
    ).toBeInTheDocument();

    const hr = screen.getByRole('table', { name: 'HelmReleases' });
    expect(
      within(hr).getByText('v3 deployed: podinfo 6.9.2 (app 6.9.2)'),
    ).toBeInTheDocument();
    expect(
      within(hr).getByText('v2 superseded: podinfo 6.9.1 (app 6.9.1)'),
    ).toBeInTheDocument();

    expect(screen.getByText('Unreachable cluster')).toBeInTheDocument();
    expect(
      screen.getByText(/Could not read everything from Unreachable cluster/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('FETCH_ERROR : connect ECONNREFUSED 127.0.0.1:1'),
    ).toBeInTheDocument();
  });

  it('sends a reconcile request for a platform-team member', async () => {
    await render(AuthorizeResult.ALLOW);
    const ks = await screen.findByRole('table', { name: 'Kustomizations' });
    await userEvent.click(
      within(ks).getByRole('button', { name: 'Reconcile now' }),
    );
    await waitFor(() =>
      expect(reconcileBodies).toEqual([
        {
          cluster: 'dev-cluster',
          kind: 'Kustomization',
          namespace: 'flux-system',
          name: 'podinfo-staging',
        },
      ]),
    );
  });
});
