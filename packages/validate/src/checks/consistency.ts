import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { KUBERNETES_ID_LABEL } from '@drktrc/plugin-gitops-common';
import {
  SOPS_CONFIG_FILE,
  findSopsConfig,
  resolveCreationRule,
} from '@drktrc/sops';
import { Tree, TreeObject, describe, findNearest, refOf } from '../tree';
import { Finding } from '../types';

/** The label the Backstage Kubernetes plugin selects a component's objects by. */

const WORKLOAD_POD_SPEC: Record<string, string> = {
  Deployment: 'spec.template.spec',
  StatefulSet: 'spec.template.spec',
  DaemonSet: 'spec.template.spec',
  ReplicaSet: 'spec.template.spec',
  Job: 'spec.template.spec',
  CronJob: 'spec.jobTemplate.spec.template.spec',
  Pod: 'spec',
};

const get = (body: any, dotted: string) =>
  dotted
    .split('.')
    .reduce((v, k) => (v === null || v === undefined ? undefined : v[k]), body);

function finding(
  o: TreeObject,
  field: string | undefined,
  message: string,
): Finding {
  return {
    check: 'consistency',
    file: o.file,
    line: o.line,
    object: refOf(o.body),
    field,
    message,
    origin: o.origin,
  };
}

const namespaceOf = (o: TreeObject) =>
  o.body.metadata?.namespace as string | undefined;

function find(
  objects: TreeObject[],
  from: TreeObject,
  kind: string,
  name: string,
  namespace: string | undefined,
): TreeObject | undefined {
  return findNearest(
    objects,
    from,
    o =>
      o.body.kind === kind &&
      o.body.metadata?.name === name &&
      (namespace === undefined ||
        namespaceOf(o) === undefined ||
        namespaceOf(o) === namespace),
  );
}

function checkFluxReferences(objects: TreeObject[], out: Finding[]) {
  for (const o of objects) {
    const group = String(o.body.apiVersion).split('/')[0];
    const spec = o.body.spec ?? {};
    const ns = namespaceOf(o);
    const isKustomization =
      o.body.kind === 'Kustomization' &&
      group === 'kustomize.toolkit.fluxcd.io';
    const isRelease =
      o.body.kind === 'HelmRelease' && group === 'helm.toolkit.fluxcd.io';
    if (!isKustomization && !isRelease) continue;
    (Array.isArray(spec.dependsOn) ? spec.dependsOn : []).forEach(
      (dep: any, i: number) => {
        if (!find(objects, o, o.body.kind, dep?.name, dep?.namespace ?? ns)) {
          out.push(
            finding(
              o,
              `spec.dependsOn[${i}].name`,
              `depends on ${o.body.kind} ${dep?.namespace ?? ns ?? ''}/${
                dep?.name
              }, which is not in the tree`,
            ),
          );
        }
      },
    );
    const refs: [string, any][] = [];
    if (isKustomization) refs.push(['spec.sourceRef', spec.sourceRef]);
    if (isRelease) {
      if (spec.chart?.spec?.sourceRef) {
        refs.push(['spec.chart.spec.sourceRef', spec.chart.spec.sourceRef]);
      }
      if (spec.chartRef) refs.push(['spec.chartRef', spec.chartRef]);
      if (!spec.chart && !spec.chartRef) {
        out.push(
          finding(
            o,
            'spec.chart',
            'a HelmRelease needs spec.chart or spec.chartRef',
          ),
        );
      }
    }
    for (const [field, ref] of refs) {
      if (!ref) continue;
      if (!find(objects, o, ref.kind, ref.name, ref.namespace ?? ns)) {
        out.push(
          finding(
            o,
            `${field}.name`,
            `refers to ${ref.kind} ${ref.namespace ?? ns ?? ''}/${
              ref.name
            }, which is not in the tree`,
          ),
        );
      }
    }
  }
}

function isEncryptedValue(v: unknown): boolean {
  return typeof v === 'string' && v.startsWith('ENC[') && v.endsWith(']');
}

function checkSecrets(tree: Tree, objects: TreeObject[], out: Finding[]) {
  for (const o of objects) {
    if (o.body.kind !== 'Secret' || o.source === 'helm') continue;
    const encrypted = !!o.body.sops?.mac;
    const plain = ['data', 'stringData'].flatMap(section =>
      Object.entries(o.body[section] ?? {})
        .filter(([, v]) => !isEncryptedValue(v))
        .map(([k]) => `${section}.${k}`),
    );
    if (!encrypted || plain.length > 0) {
      out.push(
        finding(
          o,
          plain[0],
          encrypted
            ? `Secret values are not encrypted: ${plain.join(', ')}`
            : 'Secret is not SOPS-encrypted; encrypt it with sops (sops:encrypt in a template)',
        ),
      );
      continue;
    }
    if (!tree.files.includes(o.file)) continue;
    const abs = path.join(tree.root, o.file);
    const config = findSopsConfig(path.dirname(abs), tree.root);
    if (!config) {
      out.push(
        finding(
          o,
          undefined,
          `no ${SOPS_CONFIG_FILE} covers this file: Flux and sops cannot tell which keys to use`,
        ),
      );
      continue;
    }
    try {
      resolveCreationRule({
        configText: fs.readFileSync(config, 'utf8'),
        configDir: path.dirname(config),
        filePath: abs,
      });
    } catch (e) {
      out.push(finding(o, undefined, (e as Error).message));
    }
  }
}

function checkRequests(objects: TreeObject[], out: Finding[]) {
  for (const o of objects) {
    const podSpecPath = WORKLOAD_POD_SPEC[o.body.kind];
    if (!podSpecPath) continue;
    const podSpec = get(o.body, podSpecPath) ?? {};
    for (const section of ['initContainers', 'containers']) {
      (Array.isArray(podSpec[section]) ? podSpec[section] : []).forEach(
        (c: any, i: number) => {
          for (const resource of ['cpu', 'memory']) {
            if (c?.resources?.requests?.[resource] === undefined) {
              out.push(
                finding(
                  o,
                  `${podSpecPath}.${section}[${i}].resources.requests.${resource}`,
                  `container '${c?.name}' has no ${resource} request (the scheduler and the HPA need it)`,
                ),
              );
            }
          }
        },
      );
    }
  }
}

function checkHpaTargets(objects: TreeObject[], out: Finding[]) {
  for (const o of objects) {
    if (o.body.kind !== 'HorizontalPodAutoscaler') continue;
    const target = o.body.spec?.scaleTargetRef ?? {};
    if (!find(objects, o, target.kind, target.name, namespaceOf(o))) {
      out.push(
        finding(
          o,
          'spec.scaleTargetRef.name',
          `scales ${target.kind} ${target.name}, which is neither in the tree nor rendered by a HelmRelease`,
        ),
      );
    }
  }
}

/** The component's `backstage.io/kubernetes-id`, from catalog-info.yaml. */
function kubernetesId(tree: Tree): string | undefined {
  const file = path.join(tree.root, 'catalog-info.yaml');
  if (!fs.existsSync(file)) return undefined;
  for (const doc of fs
    .readFileSync(file, 'utf8')
    .split(/^---$/m)
    .map(d => parse(d))) {
    const id = doc?.metadata?.annotations?.[KUBERNETES_ID_LABEL];
    if (doc?.kind === 'Component' && id) return String(id);
  }
  return undefined;
}

/**
 * The objects the component deploys: those under `apps/` (loose or built)
 * and those rendered by HelmReleases under `apps/`.
 */
function checkKubernetesIdLabel(
  tree: Tree,
  objects: TreeObject[],
  appDirs: string[],
  out: Finding[],
) {
  const id = kubernetesId(tree);
  if (!id) return;
  for (const o of objects) {
    if (!appDirs.some(d => o.file.startsWith(`${d}/`))) continue;
    if (o.body.kind === 'Namespace') continue;
    const value = o.body.metadata?.labels?.[KUBERNETES_ID_LABEL];
    if (value !== id) {
      out.push(
        finding(
          o,
          `metadata.labels["${KUBERNETES_ID_LABEL}"]`,
          value === undefined
            ? `missing label ${KUBERNETES_ID_LABEL}: ${id} (the portal finds the component's objects by it)`
            : `label ${KUBERNETES_ID_LABEL} is '${value}', catalog-info.yaml says '${id}'`,
        ),
      );
    }
  }
}

function checkIngressTls(objects: TreeObject[], out: Finding[]) {
  for (const o of objects) {
    if (o.body.kind !== 'Ingress') continue;
    const ns = namespaceOf(o);
    const annotations = o.body.metadata?.annotations ?? {};
    const shim =
      annotations['cert-manager.io/cluster-issuer'] ||
      annotations['cert-manager.io/issuer'];
    (Array.isArray(o.body.spec?.tls) ? o.body.spec.tls : []).forEach(
      (tls: any, i: number) => {
        if (shim || !tls?.secretName) return; // cert-manager's ingress-shim writes it
        const cert = findNearest(
          objects,
          o,
          c =>
            c.body.kind === 'Certificate' &&
            c.body.spec?.secretName === tls.secretName &&
            (namespaceOf(c) ?? ns) === ns,
        );
        if (!cert) {
          out.push(
            finding(
              o,
              `spec.tls[${i}].secretName`,
              `no Certificate writes the TLS secret '${tls.secretName}'`,
            ),
          );
          return;
        }
        const names: string[] = cert.body.spec?.dnsNames ?? [];
        (tls.hosts ?? []).forEach((host: string, j: number) => {
          if (!names.includes(host)) {
            out.push(
              finding(
                o,
                `spec.tls[${i}].hosts[${j}]`,
                `host ${host} is not among the dnsNames of ${describe(
                  refOf(cert.body),
                )} (${names.join(', ')})`,
              ),
            );
          }
        });
      },
    );
    const managed = String(
      annotations['networking.gke.io/managed-certificates'] ?? '',
    )
      .split(',')
      .map(s => s.trim())
      .filter(Boolean);
    if (managed.length === 0) continue;
    const domains = managed.flatMap(name => {
      const mc = find(objects, o, 'ManagedCertificate', name, ns);
      if (!mc) {
        out.push(
          finding(
            o,
            'metadata.annotations["networking.gke.io/managed-certificates"]',
            `ManagedCertificate ${name} is not in the tree`,
          ),
        );
        return [];
      }
      return (mc.body.spec?.domains ?? []) as string[];
    });
    (o.body.spec?.rules ?? []).forEach((rule: any, i: number) => {
      if (rule?.host && !domains.includes(rule.host)) {
        out.push(
          finding(
            o,
            `spec.rules[${i}].host`,
            `host ${
              rule.host
            } is not among the ManagedCertificate domains (${domains.join(
              ', ',
            )})`,
          ),
        );
      }
    });
  }
}

/**
 * Our own rules over the effective objects: references resolve, Secrets are
 * SOPS-encrypted and covered by .sops.yaml, workloads have requests, HPAs
 * scale something, the component's objects carry its kubernetes-id label
 * and Ingress TLS hosts match certificates.
 */
export function checkConsistency(
  tree: Tree,
  objects: TreeObject[],
  options: { appDirs?: string[] } = {},
): Finding[] {
  const out: Finding[] = [];
  checkFluxReferences(objects, out);
  checkSecrets(tree, objects, out);
  checkRequests(objects, out);
  checkHpaTargets(objects, out);
  checkKubernetesIdLabel(tree, objects, options.appDirs ?? ['apps'], out);
  checkIngressTls(objects, out);
  return out;
}
