import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { gitopsApi } from './apis';
import { entityGitopsCard, entityGitopsContent } from './entityExtensions';
import { fleetPage, fleetRouteRef } from './pages';

/** The gitops plugin for the new frontend system. */
export const gitopsPlugin = createFrontendPlugin({
  pluginId: 'gitops',
  title: 'GitOps',
  extensions: [gitopsApi, entityGitopsContent, entityGitopsCard, fleetPage],
  routes: { root: fleetRouteRef },
});
