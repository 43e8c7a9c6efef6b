import { commentAnalyzedEventSchema, commentDecidedEventSchema, commentReanalyzedEventSchema, eventEnvelopeSchema, type EventType } from '@moderato/contracts';
import { apiKeySchemes, createApiDocument, PUBLIC, type oas31, type ZodOpenApiPathsObject } from '@moderato/openapi-kit';
import { API_KEY_ROLES } from '@moderato/storage';
import { z } from 'zod';
import { adminPaths } from './admin-docs.js';
import { auditPaths } from './audit-docs.js';
import { claimPaths } from './claim-docs.js';
import { exportPaths } from './export-docs.js';
import { overviewPaths } from './overview-docs.js';
import { policyPaths } from './policy-docs.js';
import { readingPaths } from './reading-docs.js';
import { reviewPaths } from './review-docs.js';
import { webhookPaths } from './webhook-docs.js';

const EVENT_SCHEMAS = {
  'comment.analyzed': commentAnalyzedEventSchema,
  'comment.decided': commentDecidedEventSchema,
  'comment.reanalyzed': commentReanalyzedEventSchema,
} satisfies Record<EventType, z.ZodType>;

const EVENT_SUMMARIES: Record<EventType, string> = {
  'comment.analyzed': 'A comment was stored with its analysis',
  'comment.decided': 'A moderator decided a held comment, or changed or undid a decision (`decision.action: undo`, back to pending)',
  'comment.reanalyzed': 'A stored comment’s outcome changed (its original was stored after it, or a re-analysis)',
};

/** What the dispatcher sends with every delivery (Standard Webhooks). */
const deliveryHeaders = z.object({
  'webhook-id': z.string().meta({ description: 'The event’s `id`: the same on every retry, so a receiver drops ids it has seen.' }),
  'webhook-timestamp': z.string().regex(/^\d+$/).meta({ description: 'Unix seconds when this attempt was signed.' }),
  'webhook-signature': z.string().meta({ description: '`v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">` under the endpoint’s secret; during a rotation one signature per valid secret, space-separated.' }),
});

/** The events Moderato POSTs to the endpoints registered under /v1/webhooks/endpoints. */
function eventWebhooks(): ZodOpenApiPathsObject {
  const entries = Object.entries(EVENT_SCHEMAS).map(([type, schema]) => [
    type,
    {
      post: {
        tags: ['events'],
        operationId: type.replace(/\.(\w)/g, (_, letter: string) => letter.toUpperCase()),
        summary: EVENT_SUMMARIES[type as EventType],
        description:
          'Also in the feed (GET /v1/events). Apply a comment’s events in `data.sequence` order: a retried delivery can arrive after a later event of the same comment, so keep the highest sequence applied per comment and ignore lower ones.',
        security: PUBLIC,
        requestParams: { header: deliveryHeaders },
        requestBody: { required: true, content: { 'application/json': { schema } } },
        responses: {
          '2XX': { description: 'Delivered.' },
          410: { description: 'Gone: the endpoint is disabled and gets no further deliveries until re-enabled.' },
          default: { description: 'Anything else, or no answer in time: retried on the dispatcher’s schedule (over more than a day); an endpoint failing for days is disabled.' },
        },
      },
    },
  ]);
  return Object.fromEntries(entries);
}

export interface ModerationDocumentOptions {
  /** Whether the re-analysis routes are mounted (they need the re-analysis queue). */
  reanalysis: boolean;
}

const documents = new Map<boolean, oas31.OpenAPIObject>();

/** The moderation API's OpenAPI 3.1 document: its routes, and the events it sends as `webhooks`. Built once per variant. */
export function createModerationDocument({ reanalysis }: ModerationDocumentOptions): oas31.OpenAPIObject {
  let document = documents.get(reanalysis);
  if (!document) documents.set(reanalysis, (document = buildDocument(reanalysis)));
  return document;
}

function buildDocument(reanalysis: boolean): oas31.OpenAPIObject {
  const admin = reanalysis ? adminPaths : Object.fromEntries(Object.entries(adminPaths).filter(([path]) => !path.startsWith('/v1/admin/reanalyze')));
  return createApiDocument({
    title: 'Moderato moderation API',
    version: '1',
    description:
      'Moderators review held comments and decide them; analysts read sentiment figures and the event feed; admins set the policy, register webhook endpoints and look after failed jobs. Every /v1 route takes `Authorization: Bearer <key>`; a key belongs to one publisher and has one role, and each operation names the roles it accepts. Another publisher’s ids answer 404. Errors are `application/problem+json` (RFC 9457) with a stable `code`.',
    securitySchemes: apiKeySchemes(`An API key (\`npx moderato key create\`), of one role: ${API_KEY_ROLES.join(', ')}.`),
    tags: [
      { name: 'keys' },
      { name: 'review', description: 'The review queue, comments and decisions.' },
      { name: 'stats', description: 'Sentiment figures.' },
      { name: 'policy', description: 'The publisher’s moderation policy and author standings.' },
      { name: 'webhooks', description: 'Endpoints that receive the events.' },
      { name: 'events', description: 'What became of each comment: the feed, and the webhooks.' },
      { name: 'admin', description: 'Failed jobs and re-analysis.' },
      { name: 'audit', description: 'Who decided, undid, or changed the policy or an author’s standing, and when.' },
    ],
    paths: { ...readingPaths, ...reviewPaths, ...claimPaths, ...overviewPaths, ...exportPaths, ...policyPaths, ...webhookPaths, ...admin, ...auditPaths },
    webhooks: eventWebhooks(),
    schemas: {
      CommentAnalyzedEvent: commentAnalyzedEventSchema,
      CommentDecidedEvent: commentDecidedEventSchema,
      CommentReanalyzedEvent: commentReanalyzedEventSchema,
      Event: eventEnvelopeSchema,
    },
  });
}
