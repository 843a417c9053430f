/** autoscaling/v2 HPA: every metric type against its current value, conditions, saturation. */
import { HealthState, HpaMetricView, HpaView } from '../schemas/api';
import {
  HpaMetricSpec,
  HpaMetricStatus,
  HpaObject,
} from '../schemas/kubernetes';
import { conditionViews, findCondition } from './conditions';
import { parseQuantity } from './quantity';
import { worstHealth } from './health';

type Target = {
  type: string;
  value?: string;
  averageValue?: string;
  averageUtilization?: number;
};
type Current = {
  value?: string;
  averageValue?: string;
  averageUtilization?: number;
};

interface MetricKey {
  name: string;
  container?: string;
  describedObject?: { kind: string; name: string };
  target?: Target;
  current?: Current;
}

function specKey(m: HpaMetricSpec): MetricKey | undefined {
  switch (m.type) {
    case 'Resource':
      return m.resource && { name: m.resource.name, target: m.resource.target };
    case 'ContainerResource':
      return (
        m.containerResource && {
          name: m.containerResource.name,
          container: m.containerResource.container,
          target: m.containerResource.target,
        }
      );
    case 'Pods':
      return m.pods && { name: m.pods.metric.name, target: m.pods.target };
    case 'Object':
      return (
        m.object && {
          name: m.object.metric.name,
          describedObject: m.object.describedObject,
          target: m.object.target,
        }
      );
    case 'External':
      return (
        m.external && {
          name: m.external.metric.name,
          target: m.external.target,
        }
      );
    default:
      return undefined;
  }
}

function statusKey(m: HpaMetricStatus): MetricKey | undefined {
  switch (m.type) {
    case 'Resource':
      return (
        m.resource && { name: m.resource.name, current: m.resource.current }
      );
    case 'ContainerResource':
      return (
        m.containerResource && {
          name: m.containerResource.name,
          container: m.containerResource.container,
          current: m.containerResource.current,
        }
      );
    case 'Pods':
      return m.pods && { name: m.pods.metric.name, current: m.pods.current };
    case 'Object':
      return (
        m.object && {
          name: m.object.metric.name,
          describedObject: m.object.describedObject,
          current: m.object.current,
        }
      );
    case 'External':
      return (
        m.external && {
          name: m.external.metric.name,
          current: m.external.current,
        }
      );
    default:
      return undefined;
  }
}

const sameMetric = (a: MetricKey, b: MetricKey) =>
  a.name === b.name &&
  a.container === b.container &&
  a.describedObject?.kind === b.describedObject?.kind &&
  a.describedObject?.name === b.describedObject?.name;

function compare(target: Target, current: Current | undefined) {
  switch (target.type) {
    case 'Utilization':
      return {
        target: `${target.averageUtilization ?? '?'}%`,
        current:
          current?.averageUtilization !== undefined
            ? `${current.averageUtilization}%`
            : undefined,
        above:
          current?.averageUtilization !== undefined &&
          target.averageUtilization !== undefined
            ? current.averageUtilization > target.averageUtilization
            : undefined,
      };
    case 'AverageValue':
    case 'Value': {
      const key = target.type === 'Value' ? 'value' : 'averageValue';
      const t = target[key];
      const c = current?.[key];
      const tn = parseQuantity(t);
      const cn = parseQuantity(c);
      return {
        target: t ?? '?',
        current: c,
        above: tn !== undefined && cn !== undefined ? cn > tn : undefined,
      };
    }
    default:
      return { target: '?', current: undefined, above: undefined };
  }
}

function metricViews(hpa: HpaObject): HpaMetricView[] {
  const current = (hpa.status?.currentMetrics ?? [])
    .map(m => ({ type: m.type, key: statusKey(m) }))
    .filter((m): m is { type: string; key: MetricKey } => !!m.key);
  return (hpa.spec.metrics ?? []).flatMap(m => {
    const key = specKey(m);
    if (!key?.target) return [];
    const cur = current.find(c => c.type === m.type && sameMetric(c.key, key));
    const cmp = compare(key.target, cur?.key.current);
    return [
      {
        type: m.type,
        name: key.name,
        container: key.container,
        describedObject: key.describedObject && {
          kind: key.describedObject.kind,
          name: key.describedObject.name,
        },
        targetType: key.target.type,
        target: cmp.target,
        current: cmp.current,
        aboveTarget: cmp.above,
      },
    ];
  });
}

/**
 * An HPA's view. Health: `error` when it cannot scale (`AbleToScale=False`)
 * or cannot compute metrics (`ScalingActive=False`); `warning` when saturated
 * at max replicas or `ScalingLimited=True`, or a metric reports no value.
 */
export function hpaView(hpa: HpaObject): HpaView {
  const conditions = hpa.status?.conditions;
  const metrics = metricViews(hpa);
  const maxReplicas = hpa.spec.maxReplicas;
  const currentReplicas = hpa.status?.currentReplicas;
  const saturated =
    currentReplicas !== undefined && currentReplicas >= maxReplicas;
  const problems: string[] = [];
  const states: HealthState[] = [];

  const able = findCondition(conditions, 'AbleToScale');
  if (able?.status === 'False') {
    problems.push(
      `Unable to scale (${able.reason ?? 'AbleToScale=False'}): ${
        able.message ?? ''
      }`.trim(),
    );
    states.push('error');
  }
  const active = findCondition(conditions, 'ScalingActive');
  if (active?.status === 'False') {
    problems.push(
      `Scaling inactive (${active.reason ?? 'ScalingActive=False'}): ${
        active.message ?? ''
      }`.trim(),
    );
    states.push('error');
  }
  if (saturated) {
    problems.push(
      `At max replicas (${currentReplicas}/${maxReplicas}): load above target cannot be absorbed.`,
    );
    states.push('warning');
  }
  const limited = findCondition(conditions, 'ScalingLimited');
  if (limited?.status === 'True' && !saturated) {
    problems.push(
      `Scaling limited (${limited.reason ?? 'ScalingLimited'}): ${
        limited.message ?? ''
      }`.trim(),
    );
    states.push('warning');
  }
  const missing = metrics.filter(m => m.current === undefined);
  if (missing.length > 0) {
    problems.push(
      `No current value for ${missing.map(m => m.name).join(', ')}.`,
    );
    states.push('warning');
  }
  const health = worstHealth(states);

  return {
    name: hpa.metadata.name,
    namespace: hpa.metadata.namespace,
    scaleTargetRef: {
      kind: hpa.spec.scaleTargetRef.kind,
      name: hpa.spec.scaleTargetRef.name,
    },
    minReplicas: hpa.spec.minReplicas ?? 1,
    maxReplicas,
    currentReplicas,
    desiredReplicas: hpa.status?.desiredReplicas,
    metrics,
    conditions: conditionViews(conditions),
    saturated,
    health,
    problems,
  };
}
