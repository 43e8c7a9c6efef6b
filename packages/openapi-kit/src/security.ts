import type { oas31, ZodOpenApiSecuritySchemeObject } from 'zod-openapi';

/**
 * Standard Webhooks (https://www.standardwebhooks.com/): OpenAPI has no scheme for a signature over the body, so each
 * header is an apiKey scheme and one requirement names all four (all must be present).
 */
export const WEBHOOK_SIGNATURE_SCHEMES: Record<string, ZodOpenApiSecuritySchemeObject> = {
  webhookId: {
    type: 'apiKey',
    in: 'header',
    name: 'webhook-id',
    description: 'Unique per delivery. The same id delivered again gets the first answer back and is not processed twice.',
  },
  webhookTimestamp: {
    type: 'apiKey',
    in: 'header',
    name: 'webhook-timestamp',
    description: 'Unix time in seconds when the delivery was signed; refused when too far from the server’s clock (5 minutes by default).',
  },
  webhookSignature: {
    type: 'apiKey',
    in: 'header',
    name: 'webhook-signature',
    description:
      '`v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<raw body>">`, keyed with the base64-decoded part of the `whsec_` secret after the prefix. Several space-separated signatures are accepted (secret rotation).',
  },
  moderatoPublisher: {
    type: 'apiKey',
    in: 'header',
    name: 'x-moderato-publisher',
    description: 'The publisher id whose webhook secret signs the delivery.',
  },
};

export const WEBHOOK_SIGNATURE_REQUIREMENT: oas31.SecurityRequirementObject[] = [
  Object.fromEntries(Object.keys(WEBHOOK_SIGNATURE_SCHEMES).map((name) => [name, []])),
];

/** The scheme name API-key operations refer to. */
export const API_KEY_SCHEME = 'apiKey';

/** `Authorization: Bearer <key>`; each key belongs to one publisher and has one role. */
export function apiKeySchemes(description: string): Record<string, ZodOpenApiSecuritySchemeObject> {
  return { [API_KEY_SCHEME]: { type: 'http', scheme: 'bearer', description } };
}

/**
 * An API key with one of `roles`. OpenAPI 3.1 lets a requirement of a non-OAuth scheme list the roles it needs;
 * Moderato reads the list as "any of these".
 */
export function apiKeyRequirement(...roles: string[]): oas31.SecurityRequirementObject[] {
  return [{ [API_KEY_SCHEME]: roles }];
}

/** For operations anyone may call. */
export const PUBLIC: oas31.SecurityRequirementObject[] = [];
