import { checkEndpointUrl, type EgressPolicy } from '@moderato/safe-http';
import { AppError, NotFoundError, parseInput, ValidationError } from '@moderato/service-kit';
import {
  createWebhookEndpoint, deleteWebhookEndpoint, EndpointLimitError, findWebhookEndpoint, listDeliveryAttempts, listWebhookEndpoints,
  RecordNotFoundError, rotateEndpointSecret, updateWebhookEndpoint, type Storage,
} from '@moderato/storage';
import { generateWebhookSecret } from '@moderato/webhooks';
import { Router } from 'express';
import { principalOf, requireRole } from './auth.js';
import { attemptsQuerySchema, createEndpointBodySchema, endpointParamsSchema, rotateSecretBodySchema, updateEndpointBodySchema } from './webhook-schemas.js';

/**
 * Admins register the endpoints Moderato sends events to, rotate their secrets, and read what each delivery attempt
 * got back. A secret is shown once, when it is made; the API never returns it again.
 */
export function webhookRouter(storage: Storage, egress: EgressPolicy): Router {
  const router = Router();
  const admins = requireRole('admin');

  router.post('/v1/webhooks/endpoints', admins, async (req, res) => {
    const body = parseInput(createEndpointBodySchema, req.body, 'body');
    const url = await allowedUrl(body.url, egress);
    const secret = generateWebhookSecret();
    try {
      const endpoint = await createWebhookEndpoint(storage, { publisherId: principalOf(req).publisherId, url, eventTypes: body.eventTypes, description: body.description, secret });
      res.status(201).location(`/v1/webhooks/endpoints/${endpoint.endpointId}`).json({ ...endpoint, secret });
    } catch (error) {
      if (error instanceof EndpointLimitError) throw new AppError('endpoint_limit_reached', 409, 'Conflict', { detail: error.message });
      throw error;
    }
  });

  router.get('/v1/webhooks/endpoints', admins, async (req, res) => {
    res.json({ endpoints: await listWebhookEndpoints(storage, principalOf(req).publisherId) });
  });

  router.get('/v1/webhooks/endpoints/:id', admins, async (req, res) => {
    const { id } = parseInput(endpointParamsSchema, req.params, 'path');
    res.json(await ownEndpoint(storage, principalOf(req).publisherId, id));
  });

  router.patch('/v1/webhooks/endpoints/:id', admins, async (req, res) => {
    const { id } = parseInput(endpointParamsSchema, req.params, 'path');
    const body = parseInput(updateEndpointBodySchema, req.body, 'body');
    const url = body.url === undefined ? undefined : await allowedUrl(body.url, egress);
    const updated = await updateWebhookEndpoint(storage, principalOf(req).publisherId, id, { ...body, url });
    if (!updated) throw endpointNotFound(id);
    res.json(updated);
  });

  router.delete('/v1/webhooks/endpoints/:id', admins, async (req, res) => {
    const { id } = parseInput(endpointParamsSchema, req.params, 'path');
    if (!(await deleteWebhookEndpoint(storage, principalOf(req).publisherId, id))) throw endpointNotFound(id);
    res.status(204).end();
  });

  router.post('/v1/webhooks/endpoints/:id/rotate-secret', admins, async (req, res) => {
    const { id } = parseInput(endpointParamsSchema, req.params, 'path');
    const { graceHours } = parseInput(rotateSecretBodySchema, req.body ?? {}, 'body');
    const secret = generateWebhookSecret();
    try {
      const endpoint = await rotateEndpointSecret(storage, { publisherId: principalOf(req).publisherId, endpointId: id, secret, graceSeconds: Math.round(graceHours * 3600) });
      res.json({ ...endpoint, secret });
    } catch (error) {
      if (error instanceof RecordNotFoundError) throw endpointNotFound(id);
      throw error;
    }
  });

  router.get('/v1/webhooks/endpoints/:id/attempts', admins, async (req, res) => {
    const { id } = parseInput(endpointParamsSchema, req.params, 'path');
    const query = parseInput(attemptsQuerySchema, req.query, 'query');
    const { publisherId } = principalOf(req);
    await ownEndpoint(storage, publisherId, id);
    res.json({ attempts: await listDeliveryAttempts(storage, publisherId, id, query) });
  });

  return router;
}

/** The URL as it will be called, after the same address rules the dispatcher applies again at every connection. */
async function allowedUrl(url: string, egress: EgressPolicy): Promise<string> {
  const checked = await checkEndpointUrl(url, egress);
  if (!checked.ok) throw new ValidationError('The endpoint URL cannot be used.', [{ path: 'body.url', message: checked.reason }]);
  return checked.url.toString();
}

async function ownEndpoint(storage: Storage, publisherId: string, endpointId: string) {
  const endpoint = await findWebhookEndpoint(storage, publisherId, endpointId);
  if (!endpoint) throw endpointNotFound(endpointId);
  return endpoint;
}

// Another publisher's endpoint ids answer exactly like unknown ones.
function endpointNotFound(endpointId: string): NotFoundError {
  return new NotFoundError(`No webhook endpoint "${endpointId}" for this publisher.`);
}
