import {
  NOW,
  certificateCritical,
  certificateExpired,
  certificateReady,
  certificateRenewalFailing,
} from '../__fixtures__/objects';
import { certificateSchema } from '../schemas/kubernetes';
import { certificateView } from './certificate';

const view = (
  o: unknown,
  thresholds?: { warningDays: number; criticalDays: number },
) => certificateView(certificateSchema.parse(o), NOW, thresholds);

describe('certificateView (cert-manager.io/v1)', () => {
  it('ok with 60 days left', () => {
    const v = view(certificateReady);
    expect([v.health, v.daysLeft, v.problems]).toEqual(['ok', 60, []]);
    expect(v.issuerRef).toEqual({ kind: 'ClusterIssuer', name: 'letsencrypt' });
    expect(v.dnsNames).toEqual(['podinfo.example.com']);
  });

  it('warns under 30 days and reports failing renewal', () => {
    const v = view(certificateRenewalFailing);
    expect(v.health).toBe('warning');
    expect(v.daysLeft).toBe(10);
    expect(v.problems).toEqual([
      'Expires in 10 days (under 30).',
      'Renewal failing: The certificate request has failed to complete',
    ]);
  });

  it('is an error under 7 days', () => {
    expect(view(certificateCritical)).toEqual(
      expect.objectContaining({ health: 'error', daysLeft: 3 }),
    );
  });

  it('is an error once expired / not ready', () => {
    const v = view(certificateExpired);
    expect(v.health).toBe('error');
    expect(v.problems[0]).toBe('Not ready (Expired): Certificate expired');
    expect(v.problems[1]).toMatch(/^Expired on /);
  });

  it('uses configured thresholds', () => {
    expect(
      view(certificateRenewalFailing, { warningDays: 5, criticalDays: 2 })
        .problems,
    ).toEqual([
      'Renewal failing: The certificate request has failed to complete',
    ]);
    expect(
      view(certificateReady, { warningDays: 90, criticalDays: 61 }).health,
    ).toBe('error');
  });
});
