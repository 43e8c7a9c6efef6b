import { EVENT_TYPES } from '@moderato/contracts';
import { apiKeyRequirement, jsonResponse, problemResponse, problemResponses, type Agrees, type JsonOf, type ZodOpenApiPathsObject } from '@moderato/openapi-kit';
import type { DeliveryAttemptRecord, WebhookEndpointRecord } from '@moderato/storage';
import { z } from 'zod';
import { attemptsQuerySchema, createEndpointBodySchema, endpointParamsSchema, rotateSecretBodySchema, updateEndpointBodySchema } from './webhook-schemas.js';

const instant = z.iso.datetime();

export const webhookEndpointSchema = z
  .object({
    endpointId: z.string(),
    url: z.string(),
    description: z.string().nullable(),
    eventTypes: z.array(z.enum(EVENT_TYPES)).meta({ description: 'Empty: every type, including types added later.' }),
    enabled: z.boolean(),
    disabledReason: z.string().nullable(),
    disabledAt: instant.nullable(),
    failingSince: instant.nullable(),
    lastDeliveredAt: instant.nullable(),
    lastFailedAt: instant.nullable(),
    secrets: z.array(z.object({ createdAt: instant, expiresAt: instant.nullable() })).meta({ description: 'When each signing secret was made and, during a rotation, when the old one stops signing. Never the secrets.' }),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: 'WebhookEndpoint' });

/** Only when a secret is made: registering an endpoint, rotating its secret. */
export const endpointWithSecretSchema = webhookEndpointSchema
  .extend({ secret: z.string().meta({ description: 'The `whsec_…` signing secret: shown here once, never again.' }) })
  .meta({ id: 'WebhookEndpointWithSecret' });

export const deliveryAttemptSchema = z.object({
  eventId: z.string(),
  eventType: z.string(),
  attempt: z.number().int().min(1),
  at: instant,
  outcome: z.enum(['delivered', 'failed', 'gone', 'skipped']),
  status: z.number().int().nullable().meta({ description: 'The receiver’s HTTP status; null when there was no answer.' }),
  latencyMs: z.number(),
  excerpt: z.string().meta({ description: 'The first 1 KB of the answer.' }),
  error: z.string().nullable(),
});

const _endpointAgrees: Agrees<z.output<typeof webhookEndpointSchema>, JsonOf<WebhookEndpointRecord>> = true;
const _attemptAgrees: Agrees<z.output<typeof deliveryAttemptSchema>, JsonOf<DeliveryAttemptRecord>> = true;

const admins = { tags: ['webhooks'], security: apiKeyRequirement('admin') };
const invalidUrl = problemResponse(400, 'Invalid input (`validation_failed`), a URL that is not https, or one on a loopback, private, link-local or reserved address (`errors` says why).');
const endpointPath = { path: endpointParamsSchema };

export const webhookPaths: ZodOpenApiPathsObject = {
  '/v1/webhooks/endpoints': {
    post: {
      ...admins,
      operationId: 'createWebhookEndpoint',
      summary: 'Register an endpoint for events',
      requestBody: { required: true, content: { 'application/json': { schema: createEndpointBodySchema } } },
      responses: {
        201: jsonResponse('Registered; the secret is shown this once.', endpointWithSecretSchema, z.object({ location: z.string() })),
        400: invalidUrl,
        ...problemResponses(401, 403),
        409: problemResponse(409, 'The publisher has 20 endpoints already (`endpoint_limit_reached`).'),
        ...problemResponses(413, 503),
      },
    },
    get: {
      ...admins,
      operationId: 'listWebhookEndpoints',
      summary: 'The publisher’s endpoints',
      responses: { 200: jsonResponse('Every endpoint.', z.object({ endpoints: z.array(webhookEndpointSchema) })), ...problemResponses(401, 403, 503) },
    },
  },
  '/v1/webhooks/endpoints/{id}': {
    get: {
      ...admins,
      operationId: 'getWebhookEndpoint',
      summary: 'One endpoint',
      requestParams: endpointPath,
      responses: { 200: jsonResponse('The endpoint.', webhookEndpointSchema), ...problemResponses(400, 401, 403, 404, 503) },
    },
    patch: {
      ...admins,
      operationId: 'updateWebhookEndpoint',
      summary: 'Change an endpoint, or re-enable a disabled one',
      requestParams: endpointPath,
      requestBody: { required: true, content: { 'application/json': { schema: updateEndpointBodySchema } } },
      responses: { 200: jsonResponse('The endpoint as changed.', webhookEndpointSchema), 400: invalidUrl, ...problemResponses(401, 403, 404, 413, 503) },
    },
    delete: {
      ...admins,
      operationId: 'deleteWebhookEndpoint',
      summary: 'Remove an endpoint',
      requestParams: endpointPath,
      responses: { 204: { description: 'Removed.' }, ...problemResponses(400, 401, 403, 404, 503) },
    },
  },
  '/v1/webhooks/endpoints/{id}/rotate-secret': {
    post: {
      ...admins,
      operationId: 'rotateWebhookEndpointSecret',
      summary: 'A new signing secret',
      description: 'For `graceHours` every delivery carries a signature under the old secret and one under the new, so the receiver can switch at any time. No body: 24 hours.',
      requestParams: endpointPath,
      requestBody: { required: false, content: { 'application/json': { schema: rotateSecretBodySchema } } },
      responses: { 200: jsonResponse('The endpoint, with its new secret shown this once.', endpointWithSecretSchema), ...problemResponses(400, 401, 403, 404, 413, 503) },
    },
  },
  '/v1/webhooks/endpoints/{id}/attempts': {
    get: {
      ...admins,
      operationId: 'listDeliveryAttempts',
      summary: 'What each delivery attempt got back, newest first',
      requestParams: { ...endpointPath, query: attemptsQuerySchema },
      responses: { 200: jsonResponse('A page of attempts.', z.object({ attempts: z.array(deliveryAttemptSchema) })), ...problemResponses(400, 401, 403, 404, 503) },
    },
  },
};
