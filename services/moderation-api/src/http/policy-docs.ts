import type { ModerationPolicy, PolicyOverrides } from '@moderato/analysis';
import { AUTHOR_STANDINGS, BANNED_AUTHOR_ACTIONS, MAX_AUDIT_RETENTION_DAYS, MAX_UNDO_WINDOW_MINUTES, authorStandingBodySchema, policyUpdateBodySchema } from '@moderato/contracts';
import { apiKeyRequirement, jsonResponse, problemResponse, problemResponses, type Agrees, type JsonOf, type ZodOpenApiPathsObject } from '@moderato/openapi-kit';
import type { PolicyChangeRecord, PublisherPolicy } from '@moderato/storage';
import { z } from 'zod';
import { authorParamsSchema, ifMatchSchema, policyHistoryQuerySchema } from './policy-schemas.js';

// The policy as GET and PUT /v1/policy answer (explainPolicy): the effective policy, the overrides, the defaults.

const level = z.number();
const threshold = z.object({ flag: level, reject: level.optional() });
const ids = z.array(z.string());
const undoWindow = z
  .number()
  .int()
  .min(0)
  .max(MAX_UNDO_WINDOW_MINUTES)
  .meta({ description: 'Minutes after a decision during which a moderator may undo or change it (DELETE or PUT /v1/comments/{id}/decision); 0: never.' });
const auditRetention = z
  .number()
  .int()
  .min(1)
  .max(MAX_AUDIT_RETENTION_DAYS)
  .meta({ description: 'Days the audit log (GET /v1/audit) keeps each entry, from when it was written; a change applies to entries written after it.' });

const learnFromDecisions = z.boolean().meta({
  description: 'Opt-in: lets `moderato train --from-decisions` set the spam and abuse flag levels from this publisher\'s own moderators\' decisions (never another publisher\'s).',
});

export const moderationPolicySchema = z
  .object({
    version: z.number().int().min(0),
    spam: threshold,
    duplicate: threshold,
    toxic: threshold,
    negative: z.object({ flag: level, hold: z.boolean() }),
    blockedDomains: z.array(z.string()),
    bannedTerms: z.array(z.string()),
    suspectTerms: z.array(z.string()),
    preModeration: z.object({ all: z.boolean(), articleIds: ids }),
    authors: z.object({ trusted: ids, banned: ids, bannedAction: z.enum(BANNED_AUTHOR_ACTIONS) }),
    decisions: z.object({ undoWindowMinutes: undoWindow }),
    audit: z.object({ retentionDays: auditRetention }),
    learning: z.object({ fromDecisions: learnFromDecisions }),
  })
  .meta({ id: 'ModerationPolicy' });

/** What a publisher changed, as stored: policyUpdateBodySchema's `policy` after it was read. */
export const policyOverridesViewSchema = z
  .object({
    spam: threshold.partial().optional(),
    duplicate: threshold.partial().optional(),
    toxic: threshold.partial().optional(),
    negative: z.object({ flag: level.optional(), hold: z.boolean().optional() }).optional(),
    blockedDomains: z.array(z.string()).optional(),
    bannedTerms: z.array(z.string()).optional(),
    suspectTerms: z.array(z.string()).optional(),
    preModeration: z.object({ all: z.boolean().optional(), articleIds: ids.optional() }).optional(),
    authors: z.object({ trusted: ids.optional(), banned: ids.optional(), bannedAction: z.enum(BANNED_AUTHOR_ACTIONS).optional() }).optional(),
    decisions: z.object({ undoWindowMinutes: undoWindow.optional() }).optional(),
    audit: z.object({ retentionDays: auditRetention.optional() }).optional(),
    learning: z.object({ fromDecisions: learnFromDecisions.optional() }).optional(),
  })
  .meta({ id: 'PolicyOverrides' });

const changedBySchema = z.union([z.object({ keyId: z.string(), label: z.string().optional() }), z.object({ cli: z.literal(true) })]);

export const policyViewSchema = z
  .object({
    version: z.number().int().min(0).meta({ description: 'Also the ETag: send it back as If-Match.' }),
    /** The effective policy: the defaults with the overrides laid over them. */
    policy: moderationPolicySchema,
    overrides: policyOverridesViewSchema,
    defaults: moderationPolicySchema,
    updatedAt: z.iso.datetime().nullable(),
    updatedBy: changedBySchema.nullable(),
  })
  .meta({ id: 'PolicyView' });

export const policyChangeSchema = z.object({
  version: z.number().int().min(1),
  /** The overrides after the change. */
  policy: policyOverridesViewSchema,
  changedBy: changedBySchema,
  changedAt: z.iso.datetime(),
  summary: z.string(),
  fields: z.array(z.string()),
  reason: z.string().optional(),
});

export const policyHistorySchema = z.object({
  items: z.array(policyChangeSchema).meta({ description: 'Newest first.' }),
  nextBefore: z.number().int().nullable().meta({ description: 'Pass as `before` for older changes; null when there are none.' }),
});

export const authorStandingAnswerSchema = z.object({ authorId: z.string(), standing: z.enum(AUTHOR_STANDINGS), policyVersion: z.number().int().min(0) });

type PolicyView = Omit<PublisherPolicy, 'version' | 'overrides'> & { version: number; policy: ModerationPolicy; overrides: PolicyOverrides; defaults: ModerationPolicy };
const _policyAgrees: Agrees<z.output<typeof moderationPolicySchema>, ModerationPolicy> = true;
const _overridesAgree: Agrees<z.output<typeof policyOverridesViewSchema>, PolicyOverrides> = true;
const _viewAgrees: Agrees<z.output<typeof policyViewSchema>, JsonOf<PolicyView>> = true;
const _changeAgrees: Agrees<z.output<typeof policyChangeSchema>, JsonOf<PolicyChangeRecord>> = true;

const etag = z.object({ etag: z.string().meta({ description: 'The policy version, quoted: `"3"`.' }) });
const ifMatchHeader = z.object({ 'if-match': ifMatchSchema });

export const policyPaths: ZodOpenApiPathsObject = {
  '/v1/policy': {
    get: {
      tags: ['policy'],
      security: apiKeyRequirement('moderator', 'admin'),
      operationId: 'getPolicy',
      summary: 'The publisher’s moderation policy',
      responses: { 200: jsonResponse('The policy.', policyViewSchema, etag), ...problemResponses(401, 403, 404, 503) },
    },
    put: {
      tags: ['policy'],
      security: apiKeyRequirement('admin'),
      operationId: 'replacePolicy',
      summary: 'Replace the publisher’s overrides',
      description:
        'What is left out keeps Moderato’s default. Send the ETag GET answered as `If-Match`: the change is refused (412) if another came first (`*` or no header: whatever is current). Applies to comments analyzed from now on (POST /v1/admin/reanalyze analyzes the undecided ones again).',
      requestParams: { header: ifMatchHeader },
      requestBody: { required: true, content: { 'application/json': { schema: policyUpdateBodySchema } } },
      responses: {
        200: jsonResponse('The new policy.', policyViewSchema, etag),
        ...problemResponses(400, 401, 403, 404, 412, 413, 503),
      },
    },
  },
  '/v1/policy/history': {
    get: {
      tags: ['policy'],
      security: apiKeyRequirement('admin'),
      operationId: 'listPolicyChanges',
      summary: 'Every change of the policy, newest first',
      requestParams: { query: policyHistoryQuerySchema },
      responses: { 200: jsonResponse('A page of changes.', policyHistorySchema), ...problemResponses(400, 401, 403, 503) },
    },
  },
  '/v1/authors/{authorId}/standing': {
    put: {
      tags: ['policy'],
      security: apiKeyRequirement('moderator', 'admin'),
      operationId: 'setAuthorStanding',
      summary: 'Trust or ban an author, or neither',
      requestParams: { path: authorParamsSchema },
      requestBody: { required: true, content: { 'application/json': { schema: authorStandingBodySchema } } },
      responses: {
        200: jsonResponse('The author’s standing and the policy version it made.', authorStandingAnswerSchema),
        ...problemResponses(400, 401, 403, 404),
        409: problemResponse(409, 'The trusted or banned list is full (`author_list_full`).'),
        ...problemResponses(413, 503),
      },
    },
  },
};
