import {
  Content,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useCallback } from 'react';
import { gitopsApiRef } from '../../api';
import { SLOW_REFRESH_MS, usePolling } from '../../hooks';
import { FleetTable } from './FleetTable';

/** The fleet page: every component's GitOps health on every cluster. */
export function FleetPage() {
  const api = useApi(gitopsApiRef);
  const load = useCallback(() => api.getFleet(), [api]);
  const { value, error, loading } = usePolling(load, () => SLOW_REFRESH_MS);
  return (
    <Page themeId="home">
      <Header
        title="GitOps fleet"
        subtitle="Flux, HPA and certificates of every component on every cluster"
      />
      <Content>
        {loading && !value && <Progress />}
        {error && <ResponseErrorPanel error={error} />}
        {value && <FleetTable fleet={value} />}
      </Content>
    </Page>
  );
}
