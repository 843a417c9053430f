/** Discovery documents (`/api`, `/apis`, resource lists) and a minimal OpenAPI v3. */
import { apiGroups, resourceKinds, ResourceKind } from './registry';

export const KUBERNETES_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-drktrc',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.23.4',
  compiler: 'gc',
  platform: 'linux/amd64',
};

const VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupDoc(name: string, versions: string[]) {
  return {
    name,
    versions: versions.map(version => ({
      groupVersion: `${name}/${version}`,
      version,
    })),
    preferredVersion: {
      groupVersion: `${name}/${versions[0]}`,
      version: versions[0],
    },
  };
}

export function apiGroupList() {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: apiGroups().map(g => groupDoc(g.name, g.versions)),
  };
}

export function apiGroup(name: string) {
  const group = apiGroups().find(g => g.name === name);
  return group
    ? { kind: 'APIGroup', apiVersion: 'v1', ...groupDoc(name, group.versions) }
    : undefined;
}

const resourcesIn = (group: string, version: string): ResourceKind[] =>
  resourceKinds.filter(r => r.group === group && r.versions.includes(version));

export function apiResourceList(group: string, version: string) {
  const resources = resourcesIn(group, version);
  if (resources.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources: resources.flatMap(r => [
      {
        name: r.plural,
        singularName: r.singular,
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: VERBS,
        ...(r.shortNames && { shortNames: r.shortNames }),
        ...(r.categories && { categories: r.categories }),
      },
      ...(r.statusSubresource
        ? [
            {
              name: `${r.plural}/status`,
              singularName: '',
              namespaced: r.namespaced,
              kind: r.kind,
              verbs: ['get', 'patch', 'update'],
            },
          ]
        : []),
    ]),
  };
}

/** Every served group/version path as OpenAPI v3 names it (`api/v1`, `apis/apps/v1`). */
function openApiPaths(): string[] {
  const paths = ['api/v1'];
  for (const g of apiGroups()) {
    for (const v of g.versions) paths.push(`apis/${g.name}/${v}`);
  }
  return paths;
}

export function openApiV3Index() {
  return {
    paths: Object.fromEntries(
      openApiPaths().map(p => [
        p,
        { serverRelativeURL: `/openapi/v3/${p}?hash=drktrc` },
      ]),
    ),
  };
}

const reverseDns = (group: string) =>
  group ? group.split('.').reverse().join('.') : 'io.k8s.api.core';

/**
 * A per group/version OpenAPI v3 document: one schema per kind with its
 * group-version-kind and open `spec`/`status` (enough for kubectl to map
 * kinds to schemas; field-level documentation is not served).
 */
export function openApiV3Document(path: string) {
  const m = path.match(/^api\/(v1)$|^apis\/([^/]+)\/([^/]+)$/);
  if (!m) return undefined;
  const group = m[1] ? '' : m[2];
  const version = m[1] ?? m[3];
  const resources = resourcesIn(group, version);
  if (resources.length === 0) return undefined;
  const open = {
    type: 'object',
    'x-kubernetes-preserve-unknown-fields': true,
  };
  const prefix = group ? `/apis/${group}/${version}` : `/api/${version}`;
  const paths = Object.fromEntries(
    resources.map(r => {
      const gvk = { group: r.group, version, kind: r.kind };
      const ref = {
        $ref: `#/components/schemas/${reverseDns(r.group)}.${version}.${
          r.kind
        }`,
      };
      const op = (action: string, params: string[]) => ({
        parameters: params.map(name => ({
          name,
          in: 'query',
          schema: { type: 'string', uniqueItems: true },
        })),
        responses: {
          '200': { content: { 'application/json': { schema: ref } } },
        },
        'x-kubernetes-action': action,
        'x-kubernetes-group-version-kind': gvk,
      });
      const itemPath = r.namespaced
        ? `${prefix}/namespaces/{namespace}/${r.plural}/{name}`
        : `${prefix}/${r.plural}/{name}`;
      return [
        itemPath,
        {
          get: op('get', []),
          put: op('put', ['dryRun', 'fieldManager', 'fieldValidation']),
          patch: op('patch', [
            'dryRun',
            'fieldManager',
            'fieldValidation',
            'force',
          ]),
          delete: op('delete', [
            'dryRun',
            'gracePeriodSeconds',
            'propagationPolicy',
          ]),
        },
      ];
    }),
  );
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: KUBERNETES_VERSION.gitVersion },
    paths,
    components: {
      schemas: Object.fromEntries(
        resources.map(r => [
          `${reverseDns(r.group)}.${version}.${r.kind}`,
          {
            type: 'object',
            description: `${r.kind} (served by the drktrc dev cluster)`,
            properties: {
              apiVersion: { type: 'string' },
              kind: { type: 'string' },
              metadata: open,
              spec: open,
              status: open,
            },
            'x-kubernetes-group-version-kind': [
              { group: r.group, version, kind: r.kind },
            ],
          },
        ]),
      ),
    },
  };
}
