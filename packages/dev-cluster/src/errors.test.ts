import { DevCluster } from './startDevCluster';
import { rawRequest, startTestCluster } from './testUtils';

describe('Kubernetes-shaped errors', () => {
  let cluster: DevCluster;
  const req = (path: string, init: Parameters<typeof rawRequest>[2] = {}) =>
    rawRequest(cluster, path, { token: cluster.token, ...init });

  beforeAll(async () => {
    cluster = await startTestCluster({ controllers: false });
  });

  afterAll(() => cluster.close());

  const status = (code: number, reason: string, message: string | RegExp) =>
    expect.objectContaining({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      code,
      reason,
      message:
        typeof message === 'string' ? message : expect.stringMatching(message),
    });

  it('answers 401 without the token, and with a wrong one', async () => {
    for (const token of [null, 'wrong']) {
      const res = await req('/api/v1/pods', { token });
      expect(res.status).toBe(401);
      expect(res.json).toEqual(status(401, 'Unauthorized', 'Unauthorized'));
    }
  });

  it('serves /version without a token, like a real API server', async () => {
    const res = await req('/version', { token: null });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      major: '1',
      gitVersion: expect.any(String),
    });
  });

  it('answers 404 for an unknown resource and for a missing object', async () => {
    const unknown = await req('/apis/example.com/v1/widgets');
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual(
      status(
        404,
        'NotFound',
        'the server could not find the requested resource',
      ),
    );
    const missing = await req(
      '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/nope',
    );
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual(
      status(
        404,
        'NotFound',
        'kustomizations.kustomize.toolkit.fluxcd.io "nope" not found',
      ),
    );
    expect(missing.json.details).toEqual({
      name: 'nope',
      group: 'kustomize.toolkit.fluxcd.io',
      kind: 'kustomizations',
    });
  });

  it('answers 409 AlreadyExists and 409 Conflict on a stale resourceVersion', async () => {
    const body = JSON.stringify({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'podinfo-config' },
    });
    const exists = await req('/api/v1/namespaces/podinfo-staging/configmaps', {
      method: 'POST',
      body,
    });
    expect(exists.status).toBe(409);
    expect(exists.json).toEqual(
      status(
        409,
        'AlreadyExists',
        'configmaps "podinfo-config" already exists',
      ),
    );
    const conflict = await req(
      '/api/v1/namespaces/podinfo-staging/configmaps/podinfo-config',
      {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/merge-patch+json' },
        body: JSON.stringify({
          metadata: { resourceVersion: '1' },
          data: { x: 'y' },
        }),
      },
    );
    expect(conflict.status).toBe(409);
    expect(conflict.json).toEqual(
      status(409, 'Conflict', /the object has been modified/),
    );
  });

  it('answers 422 Invalid for bad names, bad labels and a name change', async () => {
    const badName = await req('/api/v1/namespaces/default/configmaps', {
      method: 'POST',
      body: JSON.stringify({ metadata: { name: 'Not_Valid' } }),
    });
    expect(badName.status).toBe(422);
    expect(badName.json).toEqual(
      status(422, 'Invalid', /ConfigMap "Not_Valid" is invalid: metadata.name/),
    );
    expect(badName.json.details.causes[0]).toMatchObject({
      field: 'metadata.name',
    });

    const badLabel = await req(
      '/apis/apps/v1/namespaces/podinfo-staging/deployments/podinfo',
      {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/merge-patch+json' },
        body: JSON.stringify({
          metadata: { labels: { team: 'not a valid value!' } },
        }),
      },
    );
    expect(badLabel.status).toBe(422);
    expect(badLabel.json).toEqual(
      status(422, 'Invalid', /Deployment.apps "podinfo" is invalid/),
    );

    const rename = await req(
      '/apis/apps/v1/namespaces/podinfo-staging/deployments/podinfo',
      {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json-patch+json' },
        body: JSON.stringify([
          { op: 'replace', path: '/metadata/name', value: 'other' },
        ]),
      },
    );
    expect(rename.status).toBe(422);

    const failedTest = await req(
      '/apis/apps/v1/namespaces/podinfo-staging/deployments/podinfo',
      {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json-patch+json' },
        body: JSON.stringify([
          { op: 'test', path: '/spec/replicas', value: 99 },
        ]),
      },
    );
    expect(failedTest.status).toBe(422);
    expect(failedTest.json).toEqual(
      status(422, 'Invalid', /the server rejected our request/),
    );
  });

  it('answers 400 for malformed JSON and bad selectors', async () => {
    const malformed = await req('/api/v1/namespaces/default/configmaps', {
      method: 'POST',
      body: '{"metadata": {',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.json).toEqual(
      status(400, 'BadRequest', /json parse error/),
    );

    const malformedPatch = await req(
      '/api/v1/namespaces/podinfo-staging/configmaps/podinfo-config',
      {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/merge-patch+json' },
        body: 'not json',
      },
    );
    expect(malformedPatch.status).toBe(400);

    for (const selector of ['a in (b', 'bad key!=x', '=x']) {
      const res = await req(
        `/api/v1/pods?labelSelector=${encodeURIComponent(selector)}`,
      );
      expect(res.status).toBe(400);
      expect(res.json).toEqual(
        status(400, 'BadRequest', /unable to parse requirement/),
      );
    }
    const field = await req('/api/v1/pods?fieldSelector=spec.unknown%3Dx');
    expect(field.status).toBe(400);
    expect(field.json).toEqual(
      status(400, 'BadRequest', 'field label not supported: spec.unknown'),
    );
  });

  it('answers 415 for patch types it does not implement and 405 for unsupported verbs', async () => {
    const apply = await req(
      '/api/v1/namespaces/podinfo-staging/configmaps/podinfo-config',
      {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/apply-patch+yaml' },
        body: '{}',
      },
    );
    expect(apply.status).toBe(415);
    expect(apply.json).toEqual(
      status(415, 'UnsupportedMediaType', /unknown format/),
    );
    const deleteCollection = await req(
      '/api/v1/namespaces/podinfo-staging/configmaps',
      {
        method: 'DELETE',
      },
    );
    expect(deleteCollection.status).toBe(405);
    expect(deleteCollection.json.reason).toBe('MethodNotAllowed');
  });

  it('answers 400 for a malformed path escape and for an unknown pod container', async () => {
    const escape = await req('/api/v1/namespaces/%zz/pods');
    expect(escape.status).toBe(400);
    expect(escape.json.reason).toBe('BadRequest');
    const pods = (await req('/api/v1/namespaces/podinfo-staging/pods')).json
      .items;
    const log = await req(
      `/api/v1/namespaces/podinfo-staging/pods/${pods[0].metadata.name}/log?container=nope`,
    );
    expect(log.status).toBe(400);
    expect(log.json).toEqual(
      status(
        400,
        'BadRequest',
        `container nope is not valid for pod ${pods[0].metadata.name}`,
      ),
    );
  });

  it('keeps serving after all of the above', async () => {
    const res = await req('/api/v1/namespaces');
    expect(res.status).toBe(200);
    expect(res.json.kind).toBe('NamespaceList');
  });
});
