/**
 * A small legacy-frontend-system app that mounts the plugin's legacy exports
 * (`yarn start` in plugins/gitops against a running backend).
 */
import { createDevApp } from '@backstage/dev-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { kubernetesPlugin } from '@backstage/plugin-kubernetes';
import {
  EntityGitopsCard,
  EntityGitopsContent,
  GitopsFleetPage,
  gitopsPlugin,
} from '../src';

/** The demo component of the development cluster. */
export const podinfo = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'podinfo',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'podinfo' },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'platform-team' },
};

export function createGitopsDevApp() {
  return (
    createDevApp()
      // The gitops client uses the Kubernetes plugin's APIs for cluster auth.
      .registerPlugin(kubernetesPlugin, gitopsPlugin)
      .addPage({
        path: '/gitops',
        title: 'Fleet',
        element: <GitopsFleetPage />,
      })
      .addPage({
        path: '/podinfo',
        title: 'podinfo',
        element: (
          <EntityProvider entity={podinfo}>
            <EntityGitopsCard />
            <EntityGitopsContent />
          </EntityProvider>
        ),
      })
  );
}
