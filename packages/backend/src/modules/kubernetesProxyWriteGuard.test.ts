import {
  proxyRequestChangesCluster,
  proxyWriteRefusedMessage,
} from './kubernetesProxyWriteGuard';

describe('proxyRequestChangesCluster', () => {
  const pod = '/api/v1/namespaces/podinfo-production/pods/podinfo-7d9c-abcde';

  it.each([
    ['GET', pod],
    ['HEAD', pod],
    ['get', `${pod}/log`],
    ['GET', '/api/v1/namespaces/podinfo-production/events'],
    ['GET', '/apis/apps/v1/namespaces/podinfo-production/deployments'],
    // a pod named like a subresource is still read
    ['GET', '/api/v1/namespaces/default/pods/exec'],
    ['GET', '/api/v1/namespaces/default/pods/proxy/log'],
  ])('%s %s only reads', (method, path) => {
    expect(proxyRequestChangesCluster(method, path)).toBe(false);
  });

  it.each([
    ['PATCH', pod],
    ['POST', '/api/v1/namespaces/default/configmaps'],
    ['PUT', pod],
    ['DELETE', pod],
    ['OPTIONS', pod],
    ['GET', `${pod}/exec`],
    ['GET', `${pod}/attach`],
    ['GET', `${pod}/portforward`],
    ['GET', `${pod}/proxy/metrics`],
    ['GET', '/api/v1/namespaces/default/services/web:80/proxy/'],
    ['GET', '/api/v1/nodes/node-1/proxy/pods'],
    ['GET', `${pod}/%65xec`],
    ['GET', `${pod.replace('/pods/', '//pods/')}//exec`],
    ['GET', `${pod}/%E0%A4%A`],
  ])('%s %s may change the cluster', (method, path) => {
    expect(proxyRequestChangesCluster(method, path)).toBe(true);
  });
});

describe('proxyWriteRefusedMessage', () => {
  it('says what was refused, why, and what to do instead', () => {
    const message = proxyWriteRefusedMessage('PATCH', '/api/v1/x');
    expect(message).toMatch(/^PATCH \/api\/v1\/x through the Kubernetes proxy/);
    expect(message).toContain('platform team');
    expect(message).toContain('gitops.kubernetes.proxy.write');
    expect(message).toContain('Reconcile button');
  });
});
