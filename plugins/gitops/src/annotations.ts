import { Entity } from '@backstage/catalog-model';
import { KUBERNETES_ID_LABEL } from '@drktrc/plugin-gitops-common';

/** The label-selector annotation of the Kubernetes plugin (wins over the id). */
export const KUBERNETES_LABEL_SELECTOR_ANNOTATION =
  'backstage.io/kubernetes-label-selector';

/** Whether the entity names its Kubernetes objects (the GitOps tab and card apply). */
export function isGitopsAvailable(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(
    annotations[KUBERNETES_ID_LABEL] ||
      annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION],
  );
}
