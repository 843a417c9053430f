import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { screen } from '@testing-library/react';
import { fleet } from '../__fixtures__/status';
import { GitopsApi, gitopsApiRef } from '../api';
import { entityGitopsContent } from './entityExtensions';
import { fleetPage } from './pages';
import { gitopsPlugin } from './plugin';

// Rendering a whole test app with a lazy page is slow on a busy machine.
jest.setTimeout(60_000);

describe('new frontend system', () => {
  it('the plugin has id gitops and offers API, entity tab, card and fleet page', () => {
    expect(gitopsPlugin.id).toBe('gitops');
  });

  it('the fleet page renders through the API it is given', async () => {
    const api: Pick<GitopsApi, 'getFleet'> = { getFleet: async () => fleet };
    const tester = createExtensionTester(fleetPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/gitops');
    await renderInTestApp(tester.reactElement(), {
      apis: [[gitopsApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    // The page's loader is a lazy import.
    expect(
      await screen.findByRole(
        'table',
        { name: 'GitOps fleet' },
        { timeout: 15_000 },
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(
        /Could not read everything from Unreachable cluster/,
      ),
    ).toBeInTheDocument();
  });

  it('the GitOps tab applies to entities with a Kubernetes id or label selector', () => {
    const tester = createExtensionTester(entityGitopsContent);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('GitOps');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    const entity = (annotations: Record<string, string>) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'x', annotations },
    });
    expect(filter(entity({ 'backstage.io/kubernetes-id': 'x' }))).toBe(true);
    expect(
      filter(entity({ 'backstage.io/kubernetes-label-selector': 'app=x' })),
    ).toBe(true);
    expect(filter(entity({}))).toBe(false);
  });
});
