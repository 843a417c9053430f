/** cert-manager Certificate health: Ready condition and days to expiry. */
import { CertificateView, HealthState } from '../schemas/api';
import { CertificateObject } from '../schemas/kubernetes';
import { conditionViews, findCondition } from './conditions';

export interface CertificateThresholds {
  /** Warn when fewer days than this are left (default 30). */
  warningDays: number;
  /** Error when fewer days than this are left (default 7). */
  criticalDays: number;
}

export const defaultCertificateThresholds: CertificateThresholds = {
  warningDays: 30,
  criticalDays: 7,
};

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A Certificate's view at `now`. `error`: Ready=False, expired, or fewer than
 * `criticalDays` left; `warning`: fewer than `warningDays` left or issuance
 * failing (`Issuing=False`) while still valid; `unknown` without Ready.
 */
export function certificateView(
  cert: CertificateObject,
  now: Date,
  thresholds: CertificateThresholds = defaultCertificateThresholds,
): CertificateView {
  const conditions = cert.status?.conditions;
  const ready = findCondition(conditions, 'Ready');
  const issuing = findCondition(conditions, 'Issuing');
  const notAfter = cert.status?.notAfter;
  const notAfterMs = notAfter ? Date.parse(notAfter) : NaN;
  const daysLeft = Number.isNaN(notAfterMs)
    ? undefined
    : Math.floor((notAfterMs - now.getTime()) / DAY_MS);
  const problems: string[] = [];
  const states: HealthState[] = [];

  if (!ready) {
    problems.push('No Ready condition yet.');
    states.push('unknown');
  } else if (ready.status !== 'True') {
    problems.push(
      `Not ready (${ready.reason ?? ready.status}): ${
        ready.message ?? ''
      }`.trim(),
    );
    states.push('error');
  }
  if (daysLeft !== undefined) {
    if (notAfterMs <= now.getTime()) {
      problems.push(`Expired on ${notAfter}.`);
      states.push('error');
    } else if (daysLeft < thresholds.criticalDays) {
      problems.push(
        `Expires in ${daysLeft} days (under ${thresholds.criticalDays}).`,
      );
      states.push('error');
    } else if (daysLeft < thresholds.warningDays) {
      problems.push(
        `Expires in ${daysLeft} days (under ${thresholds.warningDays}).`,
      );
      states.push('warning');
    }
  }
  if (issuing?.status === 'False' && issuing.reason === 'Failed') {
    problems.push(`Renewal failing: ${issuing.message ?? issuing.reason}`);
    states.push('warning');
  }
  const order: HealthState[] = ['error', 'warning', 'unknown'];
  const health = order.find(s => states.includes(s)) ?? 'ok';

  const issuerRef = cert.spec?.issuerRef;
  return {
    name: cert.metadata.name,
    namespace: cert.metadata.namespace,
    dnsNames: cert.spec?.dnsNames ?? [],
    secretName: cert.spec?.secretName,
    issuerRef: issuerRef
      ? { kind: issuerRef.kind ?? 'Issuer', name: issuerRef.name }
      : undefined,
    ready: ready
      ? {
          type: ready.type,
          status: ready.status,
          reason: ready.reason,
          message: ready.message,
          lastTransitionTime: ready.lastTransitionTime,
        }
      : undefined,
    notAfter,
    renewalTime: cert.status?.renewalTime,
    daysLeft,
    health,
    problems,
    conditions: conditionViews(conditions),
  };
}
