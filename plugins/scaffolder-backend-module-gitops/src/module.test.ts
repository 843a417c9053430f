import { startTestBackend } from '@backstage/backend-test-utils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { VALIDATE_ACTION_ID } from '@drktrc/plugin-gitops-common';
import { scaffolderModuleGitops } from './module';

describe('scaffolderModuleGitops', () => {
  it('registers gitops:validate', async () => {
    const addActions = jest.fn();
    await startTestBackend({
      extensionPoints: [[scaffolderActionsExtensionPoint, { addActions }]],
      features: [scaffolderModuleGitops],
    });
    const ids = addActions.mock.calls.flat().map((a: { id: string }) => a.id);
    expect(ids).toEqual([VALIDATE_ACTION_ID]);
  });
});
