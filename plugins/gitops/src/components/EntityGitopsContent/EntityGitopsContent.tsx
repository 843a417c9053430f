import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import { useEntityGitopsStatus } from '../../hooks';
import { GitopsStatusView } from './GitopsStatusView';

/** The "GitOps" tab: HPA, certificates and Flux on every cluster, refreshed automatically. */
export function EntityGitopsContent() {
  const { entity } = useEntity();
  const { value, error, loading, refresh } = useEntityGitopsStatus(
    stringifyEntityRef(entity),
  );
  if (loading && !value) return <Progress />;
  return (
    <>
      {error && (
        <Box mb={2}>
          <ResponseErrorPanel error={error} />
        </Box>
      )}
      {value && <GitopsStatusView status={value} onChange={refresh} />}
    </>
  );
}
