import {
  alertApiRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
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
import { screen } from '@testing-library/react';
import { rest } from 'msw';
import { setupServer } from 'msw/node';
import { entityStatus } from './__fixtures__/status';
import {
  EntityGitopsCard,
  EntityGitopsContent,
  GitopsApi,
  gitopsApiRef,
  gitopsPlugin,
  isGitopsAvailable,
} from './index';

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

describe('legacy frontend system exports', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  /** The APIs an app provides, plus the plugin's own factory from createPlugin. */
  function apis() {
    const base = new Map<string, unknown>([
      [
        discoveryApiRef.id,
        mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
      ],
      [fetchApiRef.id, new MockFetchApi()],
    ]);
    const factory = [...gitopsPlugin.getApis()].find(
      f => f.api.id === gitopsApiRef.id,
    )!;
    // The Kubernetes plugin's APIs as the app provides them: one service-account
    // cluster and one GKE cluster that needs the user's Google token.
    const kubernetesApi = {
      getClusters: async () => [
        { name: 'dev-cluster', authProvider: 'serviceAccount' },
        { name: 'gke', authProvider: 'google' },
      ],
    };
    const kubernetesAuthProvidersApi = {
      decorateRequestBodyForAuth: async (provider: string, body: any) =>
        provider === 'google'
          ? { ...body, auth: { ...body.auth, google: 'user-google-token' } }
          : body,
    };
    const client = factory.factory({
      discoveryApi: base.get(discoveryApiRef.id),
      fetchApi: base.get(fetchApiRef.id),
      kubernetesApi,
      kubernetesAuthProvidersApi,
    } as never) as GitopsApi;
    return [
      [gitopsApiRef, client],
      [
        permissionApiRef,
        mockApis.permission({ authorize: AuthorizeResult.ALLOW }),
      ],
      [alertApiRef, { post: jest.fn(), alert$: jest.fn() }],
    ] as const;
  }

  it('the plugin provides the API and both entity extensions render through it', async () => {
    const bodies: unknown[] = [];
    server.use(
      rest.post(
        'http://localhost:7007/api/gitops/entity-status',
        async (req, res, ctx) => {
          bodies.push(await req.json());
          return res(ctx.json(entityStatus));
        },
      ),
    );
    expect(gitopsPlugin.getId()).toBe('gitops');
    expect(isGitopsAvailable(entity)).toBe(true);
    expect(isGitopsAvailable({ ...entity, metadata: { name: 'x' } })).toBe(
      false,
    );
    await renderInTestApp(
      <TestApiProvider apis={apis()}>
        <EntityProvider entity={entity}>
          <EntityGitopsCard />
          <EntityGitopsContent />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(
      await screen.findByText(
        /Development cluster: 2 Flux objects, 1 failing; 1 HPA, 1 at max/,
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('table', { name: 'Kustomizations' }),
    ).toBeInTheDocument();
    // The user's Google token rides along for the GKE cluster.
    expect(bodies[0]).toEqual({
      entityRef: 'component:default/podinfo',
      auth: { google: 'user-google-token' },
    });
  });
});
