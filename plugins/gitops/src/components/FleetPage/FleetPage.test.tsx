import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  MockFetchApi,
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { rest } from 'msw';
import { setupServer } from 'msw/node';
import { fleet } from '../../__fixtures__/status';
import { GitopsClient, gitopsApiRef } from '../../api';
import { FleetPage } from './FleetPage';

describe('FleetPage', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const render = () =>
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
        ]}
      >
        <FleetPage />
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );

  it('lists components with their per-cluster summary and the failing cluster', async () => {
    server.use(
      rest.post('http://localhost:7007/api/gitops/fleet', (_req, res, ctx) =>
        res(ctx.json(fleet)),
      ),
    );
    await render();
    const link = await screen.findByRole('link', { name: /podinfo/ });
    expect(link).toHaveAttribute('href', '/catalog/default/component/podinfo');
    expect(screen.getByText(/HPA: 1 warning/)).toBeInTheDocument();
    expect(screen.getByText(/next expiry in 10 days/)).toBeInTheDocument();
    expect(
      screen.getByText(/Could not read everything from Unreachable cluster/),
    ).toBeInTheDocument();
  });

  it('shows a response that breaks the contract as an error, not as data', async () => {
    server.use(
      rest.post('http://localhost:7007/api/gitops/fleet', (_req, res, ctx) =>
        res(ctx.json({ components: [{ kubernetesId: 3 }] })),
      ),
    );
    await render();
    expect(
      (
        await screen.findAllByText(
          /Unexpected response from \/fleet: components.0.kubernetesId/,
        )
      )[0],
    ).toBeInTheDocument();
  });
});
