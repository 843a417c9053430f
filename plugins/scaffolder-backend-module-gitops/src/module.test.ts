import { startTestBackend } from '@backstage/backend-test-utils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  CATALOG_WAIT_ACTION_ID,
  CLUSTER_REGISTER_ACTION_ID,
  GITOPS_SERVICE_CHECK_ACTION_ID,
  GITOPS_VALIDATE_ACTION_ID,
  PUBLISH_PORTAL_ACTION_ID,
} from '@drktrc/plugin-gitops-common';
import { scaffolderModuleGitops } from './module';

describe('scaffolderModuleGitops', () => {
  it('registers each of its actions once', async () => {
    const addActions = jest.fn();
    await startTestBackend({
      extensionPoints: [[scaffolderActionsExtensionPoint, { addActions }]],
      features: [scaffolderModuleGitops],
    });
    expect(addActions.mock.calls.flat().map(a => a.id)).toEqual([
      GITOPS_SERVICE_CHECK_ACTION_ID,
      GITOPS_VALIDATE_ACTION_ID,
      PUBLISH_PORTAL_ACTION_ID,
      CLUSTER_REGISTER_ACTION_ID,
      CATALOG_WAIT_ACTION_ID,
    ]);
  });
});
