/** The legacy frontend system's plugin and extensions. */
import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import {
  kubernetesApiRef,
  kubernetesAuthProvidersApiRef,
} from '@backstage/plugin-kubernetes-react';
import { GitopsClient, gitopsApiRef } from './api';
import { rootRouteRef } from './routes';

export const gitopsPlugin = createPlugin({
  id: 'gitops',
  apis: [
    createApiFactory({
      api: gitopsApiRef,
      deps: {
        discoveryApi: discoveryApiRef,
        fetchApi: fetchApiRef,
        kubernetesApi: kubernetesApiRef,
        kubernetesAuthProvidersApi: kubernetesAuthProvidersApiRef,
      },
      factory: deps => new GitopsClient(deps),
    }),
  ],
  routes: { root: rootRouteRef },
});

/** The fleet page: every component's GitOps health on every cluster. */
export const GitopsFleetPage = gitopsPlugin.provide(
  createRoutableExtension({
    name: 'GitopsFleetPage',
    component: () => import('./components/FleetPage').then(m => m.FleetPage),
    mountPoint: rootRouteRef,
  }),
);

/** The "GitOps" entity tab content. */
export const EntityGitopsContent = gitopsPlugin.provide(
  createComponentExtension({
    name: 'EntityGitopsContent',
    component: {
      lazy: () =>
        import('./components/EntityGitopsContent').then(
          m => m.EntityGitopsContent,
        ),
    },
  }),
);

/** The compact GitOps card for an entity's overview. */
export const EntityGitopsCard = gitopsPlugin.provide(
  createComponentExtension({
    name: 'EntityGitopsCard',
    component: {
      lazy: () =>
        import('./components/EntityGitopsCard').then(m => m.EntityGitopsCard),
    },
  }),
);
