/**
 * zod schemas of the Kubernetes objects the status rules read: only the
 * fields they use, every version in `gitopsResourceKinds`. Unknown fields are
 * ignored, missing optional ones are fine; a wrong type is a parse error that
 * names the field.
 */
import { z } from 'zod';

export const conditionSchema = z.object({
  type: z.string(),
  status: z.string(),
  reason: z.string().optional(),
  message: z.string().optional(),
  lastTransitionTime: z.string().optional(),
});
export type Condition = z.infer<typeof conditionSchema>;

export const objectMetaSchema = z.object({
  name: z.string(),
  namespace: z.string().optional(),
  generation: z.number().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});

const objectRefSchema = z.object({
  kind: z.string().optional(),
  name: z.string(),
  namespace: z.string().optional(),
  apiVersion: z.string().optional(),
});

const fluxStatusSchema = z.object({
  observedGeneration: z.number().optional(),
  conditions: z.array(conditionSchema).optional(),
  lastHandledReconcileAt: z.string().optional(),
});

/** Kustomization v1 / v1beta2. */
export const kustomizationSchema = z.object({
  apiVersion: z.string(),
  kind: z.literal('Kustomization'),
  metadata: objectMetaSchema,
  spec: z
    .object({
      suspend: z.boolean().optional(),
      path: z.string().optional(),
      interval: z.string().optional(),
      sourceRef: objectRefSchema.optional(),
      dependsOn: z.array(objectRefSchema).optional(),
    })
    .optional(),
  status: fluxStatusSchema
    .extend({
      lastAppliedRevision: z.string().optional(),
      lastAttemptedRevision: z.string().optional(),
    })
    .optional(),
});
export type KustomizationObject = z.infer<typeof kustomizationSchema>;

const helmHistoryEntrySchema = z.object({
  name: z.string().optional(),
  namespace: z.string().optional(),
  version: z.number().optional(),
  status: z.string().optional(),
  chartName: z.string().optional(),
  chartVersion: z.string().optional(),
  appVersion: z.string().optional(),
  digest: z.string().optional(),
  firstDeployed: z.string().optional(),
  lastDeployed: z.string().optional(),
  deleted: z.string().optional(),
  configDigest: z.string().optional(),
  ociDigest: z.string().optional(),
});

/** HelmRelease v2 / v2beta2. */
export const helmReleaseSchema = z.object({
  apiVersion: z.string(),
  kind: z.literal('HelmRelease'),
  metadata: objectMetaSchema,
  spec: z
    .object({
      suspend: z.boolean().optional(),
      interval: z.string().optional(),
      releaseName: z.string().optional(),
      targetNamespace: z.string().optional(),
      chart: z
        .object({
          spec: z
            .object({
              chart: z.string(),
              version: z.string().optional(),
              sourceRef: objectRefSchema,
            })
            .optional(),
        })
        .optional(),
      chartRef: objectRefSchema.optional(),
      dependsOn: z.array(objectRefSchema).optional(),
    })
    .optional(),
  status: fluxStatusSchema
    .extend({
      history: z.array(helmHistoryEntrySchema).optional(),
      lastAttemptedRevision: z.string().optional(),
      lastAppliedRevision: z.string().optional(),
      helmChart: z.string().optional(),
    })
    .optional(),
});
export type HelmReleaseObject = z.infer<typeof helmReleaseSchema>;

/** GitRepository, OCIRepository, HelmRepository, HelmChart (v1 / v1beta2). */
export const fluxSourceSchema = z.object({
  apiVersion: z.string(),
  kind: z.string(),
  metadata: objectMetaSchema,
  spec: z
    .object({
      suspend: z.boolean().optional(),
      url: z.string().optional(),
      interval: z.string().optional(),
      chart: z.string().optional(),
      version: z.string().optional(),
      ref: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
  status: fluxStatusSchema
    .extend({
      artifact: z
        .object({
          revision: z.string().optional(),
          lastUpdateTime: z.string().optional(),
        })
        .optional(),
      url: z.string().optional(),
    })
    .optional(),
});
export type FluxSourceObject = z.infer<typeof fluxSourceSchema>;

/** cert-manager.io/v1 Certificate. */
export const certificateSchema = z.object({
  apiVersion: z.string(),
  kind: z.literal('Certificate'),
  metadata: objectMetaSchema,
  spec: z
    .object({
      secretName: z.string().optional(),
      commonName: z.string().optional(),
      dnsNames: z.array(z.string()).optional(),
      issuerRef: z
        .object({
          name: z.string(),
          kind: z.string().optional(),
          group: z.string().optional(),
        })
        .optional(),
    })
    .optional(),
  status: z
    .object({
      conditions: z.array(conditionSchema).optional(),
      notBefore: z.string().optional(),
      notAfter: z.string().optional(),
      renewalTime: z.string().optional(),
      revision: z.number().optional(),
      lastFailureTime: z.string().optional(),
      failedIssuanceAttempts: z.number().optional(),
    })
    .optional(),
});
export type CertificateObject = z.infer<typeof certificateSchema>;

const quantitySchema = z.union([z.string(), z.number()]).transform(String);

const metricTargetSchema = z.object({
  type: z.string(),
  value: quantitySchema.optional(),
  averageValue: quantitySchema.optional(),
  averageUtilization: z.number().optional(),
});
const metricValueSchema = z.object({
  value: quantitySchema.optional(),
  averageValue: quantitySchema.optional(),
  averageUtilization: z.number().optional(),
});
const metricIdentifierSchema = z.object({
  name: z.string(),
  selector: z.unknown().optional(),
});
const describedObjectSchema = z.object({
  kind: z.string(),
  name: z.string(),
  apiVersion: z.string().optional(),
});

export const hpaMetricSpecSchema = z.object({
  type: z.string(),
  resource: z
    .object({ name: z.string(), target: metricTargetSchema })
    .optional(),
  containerResource: z
    .object({
      name: z.string(),
      container: z.string(),
      target: metricTargetSchema,
    })
    .optional(),
  pods: z
    .object({ metric: metricIdentifierSchema, target: metricTargetSchema })
    .optional(),
  object: z
    .object({
      metric: metricIdentifierSchema,
      describedObject: describedObjectSchema,
      target: metricTargetSchema,
    })
    .optional(),
  external: z
    .object({ metric: metricIdentifierSchema, target: metricTargetSchema })
    .optional(),
});
export type HpaMetricSpec = z.infer<typeof hpaMetricSpecSchema>;

export const hpaMetricStatusSchema = z.object({
  type: z.string(),
  resource: z
    .object({ name: z.string(), current: metricValueSchema })
    .optional(),
  containerResource: z
    .object({
      name: z.string(),
      container: z.string(),
      current: metricValueSchema,
    })
    .optional(),
  pods: z
    .object({ metric: metricIdentifierSchema, current: metricValueSchema })
    .optional(),
  object: z
    .object({
      metric: metricIdentifierSchema,
      describedObject: describedObjectSchema,
      current: metricValueSchema,
    })
    .optional(),
  external: z
    .object({ metric: metricIdentifierSchema, current: metricValueSchema })
    .optional(),
});
export type HpaMetricStatus = z.infer<typeof hpaMetricStatusSchema>;

/** autoscaling/v2 HorizontalPodAutoscaler. */
export const hpaSchema = z.object({
  apiVersion: z.string(),
  kind: z.literal('HorizontalPodAutoscaler'),
  metadata: objectMetaSchema,
  spec: z.object({
    scaleTargetRef: describedObjectSchema,
    minReplicas: z.number().optional(),
    maxReplicas: z.number(),
    metrics: z.array(hpaMetricSpecSchema).optional(),
  }),
  status: z
    .object({
      currentReplicas: z.number().optional(),
      desiredReplicas: z.number().optional(),
      lastScaleTime: z.string().optional(),
      currentMetrics: z.array(hpaMetricStatusSchema).nullish(),
      conditions: z.array(conditionSchema).optional(),
    })
    .optional(),
});
export type HpaObject = z.infer<typeof hpaSchema>;
