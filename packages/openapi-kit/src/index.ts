export { fieldErrorSchema, problemSchema } from './problem.js';
export { jsonResponse, problemResponse, problemResponses, type ProblemStatus } from './responses.js';
export { WEBHOOK_SIGNATURE_SCHEMES, WEBHOOK_SIGNATURE_REQUIREMENT, API_KEY_SCHEME, apiKeySchemes, apiKeyRequirement, PUBLIC } from './security.js';
export { serviceFramePaths, documentationPaths } from './service-paths.js';
export { createApiDocument, type ApiDocumentSpec } from './document.js';
export type { JsonOf, Agrees } from './json-types.js';
export { openApiRouter, DOCS_CONTENT_SECURITY_POLICY } from './docs-router.js';
export type { oas31, ZodOpenApiOperationObject, ZodOpenApiPathsObject, ZodOpenApiPathItemObject, ZodOpenApiResponseObject } from 'zod-openapi';
