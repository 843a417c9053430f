import { hpaAtMax, hpaUnableToScale } from '../__fixtures__/objects';
import { hpaSchema } from '../schemas/kubernetes';
import { hpaView } from './hpa';
import { parseQuantity } from './quantity';

describe('hpaView (autoscaling/v2)', () => {
  it('shows every metric type against its current value', () => {
    const view = hpaView(hpaSchema.parse(hpaAtMax));
    expect(
      view.metrics.map(m => [
        m.type,
        m.name,
        m.target,
        m.current,
        m.aboveTarget,
      ]),
    ).toEqual([
      ['Resource', 'cpu', '70%', '93%', true],
      ['Resource', 'memory', '200Mi', '180Mi', false],
      ['ContainerResource', 'cpu', '80%', '95%', true],
      ['Pods', 'http_requests_per_second', '100', '140', true],
      ['Object', 'requests_per_second', '2k', '1500', false],
      ['External', 'queue_messages_ready', '30', undefined, undefined],
    ]);
    expect(view.metrics[2].container).toBe('podinfod');
    expect(view.metrics[4].describedObject).toEqual({
      kind: 'Ingress',
      name: 'podinfo',
    });
  });

  it('is saturated (warning) at max replicas and names missing metrics', () => {
    const view = hpaView(hpaSchema.parse(hpaAtMax));
    expect(view.saturated).toBe(true);
    expect(view.health).toBe('warning');
    expect(view.problems).toEqual([
      'At max replicas (10/10): load above target cannot be absorbed.',
      'No current value for queue_messages_ready.',
    ]);
  });

  it('is an error when it cannot scale or get metrics', () => {
    const view = hpaView(hpaSchema.parse(hpaUnableToScale));
    expect(view.saturated).toBe(false);
    expect(view.health).toBe('error');
    expect(view.minReplicas).toBe(1);
    expect(view.problems[0]).toMatch(/^Unable to scale \(FailedGetScale\)/);
    expect(view.problems[1]).toMatch(
      /^Scaling inactive \(FailedGetResourceMetric\)/,
    );
  });

  it('is ok below max with every metric reported', () => {
    const calm = {
      ...hpaAtMax,
      spec: { ...hpaAtMax.spec, metrics: hpaAtMax.spec.metrics.slice(0, 2) },
      status: { ...hpaAtMax.status, currentReplicas: 3, conditions: [] },
    };
    const view = hpaView(hpaSchema.parse(calm));
    expect([view.health, view.problems]).toEqual(['ok', []]);
  });
});

describe('parseQuantity', () => {
  it.each([
    ['500m', 0.5],
    ['200Mi', 200 * 2 ** 20],
    ['2k', 2000],
    ['1.5', 1.5],
    ['1e3', 1000],
    ['abc', undefined],
  ])('%s', (q, n) => expect(parseQuantity(q)).toBe(n));
});
