import type { z } from 'zod';
import { createDocument, type oas31, type ZodOpenApiPathsObject, type ZodOpenApiSecuritySchemeObject } from 'zod-openapi';
import { documentationPaths, serviceFramePaths } from './service-paths.js';

export interface ApiDocumentSpec {
  title: string;
  version: string;
  description: string;
  securitySchemes: Record<string, ZodOpenApiSecuritySchemeObject>;
  tags: oas31.TagObject[];
  /** The API's own routes; the service frame's and the documentation's are added. */
  paths: ZodOpenApiPathsObject;
  /** Requests the API sends to its clients (OpenAPI 3.1 `webhooks`), by name. */
  webhooks?: ZodOpenApiPathsObject;
  /** Schemas that get a name under components/schemas; every use of the same schema becomes a $ref to it. */
  schemas?: Record<string, z.ZodType>;
}

/**
 * An OpenAPI 3.1 document from the zod schemas the routes validate with: request schemas render as their input
 * (what a client sends), response schemas as their output (what the code answers).
 */
export function createApiDocument(spec: ApiDocumentSpec): oas31.OpenAPIObject {
  return createDocument({
    openapi: '3.1.0',
    info: { title: spec.title, version: spec.version, description: spec.description },
    tags: [...spec.tags, { name: 'operations', description: 'Health and metrics.' }, { name: 'documentation', description: 'This document.' }],
    paths: { ...spec.paths, ...serviceFramePaths(), ...documentationPaths() },
    ...(spec.webhooks && { webhooks: spec.webhooks }),
    components: { securitySchemes: spec.securitySchemes, ...(spec.schemas && { schemas: spec.schemas }) },
  });
}
