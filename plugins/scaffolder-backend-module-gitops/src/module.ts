import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createValidateAction } from './actions/validate';

/**
 * Registers the drktrc GitOps scaffolder actions.
 * @public
 */
export const scaffolderModuleGitops = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'gitops',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
      },
      async init({ scaffolder }) {
        // gitops:validate: checks the generated repository before publish.
        scaffolder.addActions(createValidateAction());
      },
    });
  },
});
