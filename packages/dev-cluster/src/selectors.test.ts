import { KubeApiError } from './errors';
import { KubeObject } from './registry';
import { parseFieldSelector, parseLabelSelector } from './selectors';

const obj = (
  labels: Record<string, string>,
  name = 'a',
  namespace = 'ns',
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace, labels },
  status: { phase: 'Running' },
});

describe('label selectors', () => {
  const matches = (selector: string, labels: Record<string, string>) =>
    parseLabelSelector(selector)(obj(labels));

  it.each([
    ['app=web', { app: 'web' }, true],
    ['app==web', { app: 'web' }, true],
    ['app=web', { app: 'api' }, false],
    ['app!=web', { app: 'api' }, true],
    ['app!=web', {}, true],
    ['app', { app: '' }, true],
    ['!app', { app: 'x' }, false],
    ['!app', {}, true],
    ['env in (staging, production)', { env: 'production' }, true],
    ['env notin (staging,production)', { env: 'production' }, false],
    ['env notin (staging)', {}, true],
    [
      'backstage.io/kubernetes-id=podinfo,env in (a,b)',
      { 'backstage.io/kubernetes-id': 'podinfo', env: 'b' },
      true,
    ],
    [
      'backstage.io/kubernetes-id=podinfo,env in (a,b)',
      { 'backstage.io/kubernetes-id': 'podinfo', env: 'c' },
      false,
    ],
    ['', {}, true],
  ])('%s on %j is %s', (selector, labels, expected) => {
    expect(matches(selector, labels)).toBe(expected);
  });

  it.each(['a in (b', 'a)', 'in (a)', 'a=b c', 'a=-b', 'a/b/c=d'])(
    'rejects %s with a 400',
    selector => {
      expect(() => parseLabelSelector(selector)).toThrow(
        expect.objectContaining({ code: 400, reason: 'BadRequest' }),
      );
    },
  );
});

describe('field selectors', () => {
  it('matches name and namespace, and kind-specific fields', () => {
    expect(parseFieldSelector('metadata.name=a', 'Pod')(obj({}))).toBe(true);
    expect(parseFieldSelector('metadata.name!=a', 'Pod')(obj({}))).toBe(false);
    expect(
      parseFieldSelector(
        'metadata.namespace==ns,metadata.name=a',
        'Pod',
      )(obj({})),
    ).toBe(true);
    expect(parseFieldSelector('metadata.namespace=other', 'Pod')(obj({}))).toBe(
      false,
    );
    expect(parseFieldSelector('status.phase=Running', 'Pod')(obj({}))).toBe(
      true,
    );
  });

  it('rejects unsupported fields', () => {
    expect(() =>
      parseFieldSelector('status.phase=Running', 'ConfigMap'),
    ).toThrow('field label not supported: status.phase');
    expect(() => parseFieldSelector('nonsense', 'Pod')).toThrow(KubeApiError);
  });
});
