import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { isGitopsAvailable } from '../annotations';

/** The "GitOps" tab on entities that name their Kubernetes objects. */
export const entityGitopsContent = EntityContentBlueprint.make({
  name: 'gitops',
  params: {
    path: '/gitops',
    title: 'GitOps',
    group: 'deployment',
    filter: isGitopsAvailable,
    loader: () =>
      import('../components/EntityGitopsContent').then(m => (
        <m.EntityGitopsContent />
      )),
  },
});

/** A compact card on the overview tab. */
export const entityGitopsCard = EntityCardBlueprint.make({
  name: 'gitops',
  params: {
    type: 'info',
    filter: isGitopsAvailable,
    loader: () =>
      import('../components/EntityGitopsCard').then(m => (
        <m.EntityGitopsCard />
      )),
  },
});
