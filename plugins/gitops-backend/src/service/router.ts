import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  entityStatusRequestSchema,
  fleetRequestSchema,
  fluxObjectTargetSchema,
  suspendRequestSchema,
} from '@drktrc/plugin-gitops-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { FluxActions } from './FluxActions';
import { GitopsStatusService } from './GitopsStatusService';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  status: GitopsStatusService;
  flux: FluxActions;
}

/** The body, or an InputError naming each wrong field. */
function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    throw new InputError(
      `Invalid request body: ${result.error.issues
        .map(i => `${i.path.join('.') || '(body)'}: ${i.message}`)
        .join('; ')}`,
    );
  }
  return result.data;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, status, flux } = options;
  const router = Router();
  router.use(express.json());

  router.post('/entity-status', async (req, res) => {
    const body = parseBody(entityStatusRequestSchema, req.body);
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(await status.entityStatus({ ...body, credentials }));
  });

  router.post('/fleet', async (req, res) => {
    const body = parseBody(fleetRequestSchema, req.body);
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(await status.fleet({ ...body, credentials }));
  });

  router.post('/reconcile', async (req, res) => {
    const target = parseBody(fluxObjectTargetSchema, req.body);
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await flux.reconcile(target, { credentials, request: req }));
  });

  router.post('/suspend', async (req, res) => {
    const target = parseBody(suspendRequestSchema, req.body);
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await flux.setSuspended(target, { credentials, request: req }));
  });

  return router;
}
