import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { jsonResponse } from './responses.js';
import { PUBLIC } from './security.js';

/** What every service's frame (service-kit's healthRouter and metricsRouter) answers. */
const liveSchema = z.object({ status: z.literal('ok') });

const readySchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  checks: z.record(z.string(), z.string()).meta({ description: 'Each dependency: `ok`, or why it did not answer within a second.' }),
});

const text = (description: string, mediaType: string) => ({ description, content: { [mediaType]: { schema: z.string() } } });

const operations = { tags: ['operations'], security: PUBLIC };

/** /healthz, /readyz and /metrics, which service-kit mounts in every service. */
export function serviceFramePaths(): ZodOpenApiPathsObject {
  return {
    '/healthz': { get: { ...operations, operationId: 'liveness', summary: 'The process is up', responses: { 200: jsonResponse('Up.', liveSchema) } } },
    '/readyz': {
      get: {
        ...operations,
        operationId: 'readiness',
        summary: 'Redis and MongoDB answer within a second',
        responses: { 200: jsonResponse('Ready.', readySchema), 503: jsonResponse('A dependency did not answer; `checks` names it.', readySchema) },
      },
    },
    '/metrics': { get: { ...operations, operationId: 'metrics', summary: 'Prometheus metrics', responses: { 200: text('The Prometheus text format.', 'text/plain') } } },
  };
}

const documentSchema = z.looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }) });

/** /openapi.json and /docs, which openApiRouter serves. */
export function documentationPaths(): ZodOpenApiPathsObject {
  const docs = { tags: ['documentation'], security: PUBLIC };
  return {
    '/openapi.json': { get: { ...docs, operationId: 'openApiDocument', summary: 'This document (OpenAPI 3.1)', responses: { 200: jsonResponse('The document.', documentSchema) } } },
    '/docs': { get: { ...docs, operationId: 'apiReference', summary: 'The interactive reference of this document', responses: { 200: text('An HTML page.', 'text/html') } } },
  };
}
