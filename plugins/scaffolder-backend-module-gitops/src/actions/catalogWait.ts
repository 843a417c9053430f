import { setTimeout as sleep } from 'node:timers/promises';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { CATALOG_WAIT_ACTION_ID } from '@drktrc/plugin-gitops-common';
import { examples } from './catalogWait.examples';

/** Default and upper bound of `timeoutSeconds`. */
export const CATALOG_WAIT_DEFAULT_SECONDS = 60;
const CATALOG_WAIT_MAX_SECONDS = 600;

/** Options of {@link createCatalogWaitAction}. @public */
export interface CatalogWaitActionOptions {
  catalog: CatalogService;
  /** Pause between two catalog reads; default 1000 ms. */
  pollIntervalMs?: number;
}

/**
 * `gitops:catalog:wait`: waits until the catalog serves an entity, read with
 * the credentials of the user who runs the task, so that a link to it in the
 * task's output opens the entity instead of "Entity not found".
 * `catalog:register` returns as soon as the location is added; the catalog
 * processes and stitches the entity a moment later.
 * @public
 */
export function createCatalogWaitAction(options: CatalogWaitActionOptions) {
  const intervalMs = options.pollIntervalMs ?? 1000;
  return createTemplateAction({
    id: CATALOG_WAIT_ACTION_ID,
    description:
      'Waits until the catalog serves an entity (e.g. the one catalog:register just registered), read as the user who runs the task.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z
            .string()
            .describe(
              'The entity to wait for, e.g. ${{ steps.register.output.entityRef }}',
            ),
        catalogInfoUrl: z =>
          z
            .string()
            .optional()
            .describe(
              'Where the entity was registered from; named in the error if it never appears',
            ),
        timeoutSeconds: z =>
          z
            .number()
            .int()
            .min(1)
            .max(CATALOG_WAIT_MAX_SECONDS)
            .optional()
            .describe(
              `How long to wait at most, in seconds (default ${CATALOG_WAIT_DEFAULT_SECONDS}, at most ${CATALOG_WAIT_MAX_SECONDS})`,
            ),
      },
      output: {
        entityRef: z => z.string().describe('The entity the catalog serves'),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      if (ctx.isDryRun) {
        // In a dry run nothing was registered (catalog:register is skipped),
        // so there is nothing to wait for.
        ctx.logger.info(
          `Dry run: not waiting for the catalog to serve ${input.entityRef}`,
        );
        ctx.output('entityRef', input.entityRef);
        return;
      }
      let entityRef: string;
      try {
        entityRef = stringifyEntityRef(parseEntityRef(input.entityRef));
      } catch (err) {
        throw new InputError(
          `entityRef: '${
            input.entityRef
          }' is not an entity reference (kind:namespace/name, e.g. component:default/checkout): ${
            (err as Error).message
          }`,
        );
      }
      const timeoutSeconds =
        input.timeoutSeconds ?? CATALOG_WAIT_DEFAULT_SECONDS;
      const credentials = await ctx.getInitiatorCredentials();
      const deadline = Date.now() + timeoutSeconds * 1000;
      ctx.logger.info('Waiting for the catalog to serve the entity', {
        entityRef,
        timeoutSeconds,
      });
      for (;;) {
        const entity = await options.catalog.getEntityByRef(entityRef, {
          credentials,
        });
        if (entity) {
          ctx.logger.info('The catalog serves the entity', { entityRef });
          ctx.output('entityRef', entityRef);
          return;
        }
        if (Date.now() + intervalMs > deadline) break;
        await sleep(intervalMs, undefined, { signal: ctx.signal });
      }
      const source = input.catalogInfoUrl
        ? ` from ${input.catalogInfoUrl}`
        : '';
      throw new NotFoundError(
        `The catalog did not serve ${entityRef} within ${timeoutSeconds} s. Check that the descriptor registered${source} is valid and names this kind, namespace and name, that the catalog's rules allow its kind, and the catalog backend log for processing errors of that location; the entity appears once it is processed.`,
      );
    },
  });
}
