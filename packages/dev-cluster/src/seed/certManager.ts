import type { IClusterIssuer } from '@kubernetes-models/cert-manager/cert-manager.io/v1/ClusterIssuer';
import type { ICertificate } from '@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate';
import type { ICertificateRequest } from '@kubernetes-models/cert-manager/cert-manager.io/v1/CertificateRequest';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { IIssuer } from '@kubernetes-models/cert-manager/cert-manager.io/v1/Issuer';
import type { ISecret } from 'kubernetes-models/v1/Secret';
import {
  CERTIFICATE_DURATION,
  CERTIFICATE_DURATION_MS,
  CERTIFICATE_READY_MESSAGE,
  certificateExpiredMessage,
  RENEW_BEFORE,
  RENEW_BEFORE_MS,
} from '../certManager/certificates';
import { condition } from '../conditions';
import { hex } from '../ids';
import { DAY, HOUR, rfc3339 } from '../time';
import { Seeder } from './seeder';

/** The ACME ClusterIssuer that issues every seeded certificate. */
const CLUSTER_ISSUER = 'letsencrypt-production';
import type { WorkloadSpec } from './workload';

/** A workload's cert-manager Certificate with its Secret, Ingress, CertificateRequest and Issuer. */
export function seedCertificate(s: Seeder, w: WorkloadSpec) {
  const { id, namespace: ns } = w;
  const daysLeft = w.certDaysLeft!;
  const duration = CERTIFICATE_DURATION_MS;
  const renewBefore = RENEW_BEFORE_MS;
  const notAfter = s.now + daysLeft * DAY;
  const notBefore = notAfter - duration;
  const renewalTime = notAfter - renewBefore;
  const expired = daysLeft < 0;
  const failing = w.certRenewalFailing || expired;
  const host = w.host ?? `${id}.${w.env}.example.com`;
  const revision = failing ? 1 : 2;
  s.put<ISecret>({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: s.meta(id, `${id}-tls`, ns, duration - daysLeft * DAY, {
      annotations: {
        'cert-manager.io/certificate-name': `${id}-tls`,
        'cert-manager.io/issuer-kind': 'ClusterIssuer',
        'cert-manager.io/issuer-name': CLUSTER_ISSUER,
        'cert-manager.io/common-name': host,
        'cert-manager.io/alt-names': host,
      },
    }),
    type: 'kubernetes.io/tls',
    data: {
      'tls.crt': Buffer.from('demo certificate (dev cluster)').toString(
        'base64',
      ),
      'tls.key': Buffer.from('demo key (dev cluster)').toString('base64'),
    },
  });
  s.put<IIngress>({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: s.meta(id, id, ns, 40 * DAY, {
      annotations: {
        'cert-manager.io/cluster-issuer': CLUSTER_ISSUER,
      },
    }),
    spec: {
      ingressClassName: 'nginx',
      tls: [{ hosts: [host], secretName: `${id}-tls` }],
      rules: [
        {
          host,
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: id, port: { name: 'http' } } },
              },
            ],
          },
        },
      ],
    },
    status: { loadBalancer: { ingress: [{ ip: '34.120.18.77' }] } },
  });
  const readyCondition = expired
    ? condition(
        'Ready',
        'False',
        'Expired',
        certificateExpiredMessage(notAfter),
        notAfter,
      )
    : condition(
        'Ready',
        'True',
        'Ready',
        CERTIFICATE_READY_MESSAGE,
        notBefore,
        1,
      );
  const certificate = s.put<ICertificate>({
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: s.meta(id, `${id}-tls`, ns, 40 * DAY),
    spec: {
      secretName: `${id}-tls`,
      commonName: host,
      dnsNames: [host],
      duration: CERTIFICATE_DURATION,
      renewBefore: RENEW_BEFORE,
      privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
      issuerRef: {
        group: 'cert-manager.io',
        kind: 'ClusterIssuer',
        name: CLUSTER_ISSUER,
      },
    },
    status: {
      conditions: [
        readyCondition,
        ...(failing
          ? [
              condition(
                'Issuing',
                'False',
                'Failed',
                `The certificate request has failed to complete and will be retried: Failed to wait for order resource "${id}-tls-${
                  revision + 1
                }-${hex(host, 10).replace(
                  /\D/g,
                  '1',
                )}" to become ready: order is in "invalid" state: 403 urn:ietf:params:acme:error:unauthorized: Invalid response from http://${host}/.well-known/acme-challenge/${hex(
                  `${host}/token`,
                  43,
                )}: 404`,
                s.now - 2 * HOUR,
                1,
              ),
            ]
          : []),
      ],
      notBefore: rfc3339(notBefore),
      notAfter: rfc3339(notAfter),
      renewalTime: rfc3339(renewalTime),
      revision,
      ...(failing && {
        failedIssuanceAttempts: 4,
        lastFailureTime: rfc3339(s.now - 2 * HOUR),
      }),
    },
  });
  s.put<ICertificateRequest>({
    apiVersion: 'cert-manager.io/v1',
    kind: 'CertificateRequest',
    metadata: s.meta(id, `${id}-tls-${revision}`, ns, s.now - notBefore, {
      annotations: {
        'cert-manager.io/certificate-name': `${id}-tls`,
        'cert-manager.io/certificate-revision': String(revision),
      },
      ownerReferences: [
        {
          apiVersion: 'cert-manager.io/v1',
          kind: 'Certificate',
          name: `${id}-tls`,
          uid: certificate.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    }),
    spec: {
      issuerRef: {
        group: 'cert-manager.io',
        kind: 'ClusterIssuer',
        name: CLUSTER_ISSUER,
      },
      request: Buffer.from('demo CSR').toString('base64'),
      usages: ['digital signature', 'key encipherment'],
    },
    status: {
      conditions: [
        condition(
          'Approved',
          'True',
          'cert-manager.io',
          'Certificate request has been approved by cert-manager.io',
          notBefore,
        ),
        condition(
          'Ready',
          'True',
          'Issued',
          'Certificate fetched from issuer successfully',
          notBefore,
        ),
      ],
    },
  });
  s.put<IIssuer>({
    apiVersion: 'cert-manager.io/v1',
    kind: 'Issuer',
    metadata: s.meta(id, `${id}-selfsigned`, ns, 40 * DAY),
    spec: { selfSigned: {} },
    status: {
      conditions: [condition('Ready', 'True', 'IsReady', '', 40 * DAY, 1)],
    },
  });
}

/** The ACME ClusterIssuer every seeded Certificate refers to. */
export function seedClusterIssuer(s: Seeder, id: string) {
  s.put<IClusterIssuer>({
    apiVersion: 'cert-manager.io/v1',
    kind: 'ClusterIssuer',
    metadata: s.meta(id, CLUSTER_ISSUER, undefined, 120 * DAY),
    spec: {
      acme: {
        server: 'https://acme-v02.api.letsencrypt.org/directory',
        email: 'platform@example.com',
        privateKeySecretRef: { name: 'letsencrypt-production-account-key' },
        solvers: [{ http01: { ingress: { ingressClassName: 'nginx' } } }],
      },
    },
    status: {
      acme: {
        uri: 'https://acme-v02.api.letsencrypt.org/acme/acct/1873520417',
        lastRegisteredEmail: 'platform@example.com',
      },
      conditions: [
        condition(
          'Ready',
          'True',
          'ACMEAccountRegistered',
          'The ACME account was registered with the ACME server',
          s.now - 120 * DAY,
          1,
        ),
      ],
    },
  });
}
