import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  GITOPS_SERVICE_CHECK_ACTION_ID,
  checkServiceValues,
} from '@drktrc/plugin-gitops-common';
import { examples } from './serviceCheck.examples';

/** Options of {@link createServiceCheckAction}. @public */
export interface ServiceCheckActionOptions {
  /** Whether a GitHub integration with credentials is configured (publishTo: github). */
  githubConfigured: boolean;
}

/**
 * `gitops:service:check`: checks the GitOps service template's values again
 * on the server (the form's schema is the first check) and outputs the
 * per-environment plan the render steps iterate over. Fails before anything
 * is rendered or published, naming every bad field.
 * @public
 */
export function createServiceCheckAction(options: ServiceCheckActionOptions) {
  return createTemplateAction({
    id: GITOPS_SERVICE_CHECK_ACTION_ID,
    description:
      "Checks the GitOps service template's values (names, CIDRs, region, environments, no template syntax) and outputs one plan per environment",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        values: z =>
          z
            .record(z.unknown())
            .describe(
              'The non-secret values of the form (name, region, environments, clusters, ...)',
            ),
      },
      output: {
        environments: z =>
          z
            .array(
              z.object({
                name: z.string(),
                index: z.number(),
                cluster: z.object({
                  environment: z.string(),
                  name: z.string(),
                  releaseChannel: z.string(),
                  machineType: z.string(),
                  minNodesPerZone: z.number(),
                  maxNodesPerZone: z.number(),
                  privateEndpoint: z.boolean().optional(),
                  authorizedNetworks: z.array(z.string()).optional(),
                }),
                domain: z.string(),
                hostnames: z.array(z.string()),
              }),
            )
            .describe(
              'One entry per environment: its cluster, domain and hosts',
            ),
      },
    },
    async handler(ctx) {
      const { problems, environments } = checkServiceValues(ctx.input.values);
      const publishTo = ctx.input.values.publishTo;
      if (
        publishTo !== undefined &&
        publishTo !== 'portal' &&
        publishTo !== 'github'
      ) {
        problems.push("publishTo must be 'portal' or 'github'");
      } else if (publishTo === 'github' && !options.githubConfigured) {
        problems.push(
          "publishTo is 'github' but no GitHub integration with credentials is configured (integrations.github); choose the portal's git server",
        );
      }
      if (problems.length > 0) {
        throw new InputError(`Invalid values:\n- ${problems.join('\n- ')}`);
      }
      ctx.logger.info('Values checked', {
        environments: environments.map(e => e.name).join(','),
      });
      ctx.output('environments', environments);
    },
  });
}
