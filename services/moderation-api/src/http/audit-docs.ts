import { apiKeyRequirement, jsonResponse, problemResponses, type Agrees, type JsonOf, type ZodOpenApiPathsObject } from '@moderato/openapi-kit';
import { API_KEY_ROLES, AUDIT_ACTIONS, AUDIT_TARGET_TYPES, type AuditEntry } from '@moderato/storage';
import { z } from 'zod';
import { auditQuerySchema } from './audit-routes.js';

const state = z.record(z.string(), z.unknown()).nullable();

export const auditEntrySchema = z
  .object({
    entryId: z.string(),
    publisherId: z.string(),
    at: z.iso.datetime(),
    actor: z.object({
      keyId: z.string().nullable().meta({ description: 'The API key’s id; null for the `moderato` command line.' }),
      label: z.string().nullable().meta({ description: 'The key’s label when it has one.' }),
      role: z.enum(API_KEY_ROLES).nullable(),
    }),
    action: z.enum(AUDIT_ACTIONS),
    target: z.object({ type: z.enum(AUDIT_TARGET_TYPES), id: z.string().meta({ description: 'A comment id, an author id, or the publisher id for the policy.' }) }),
    before: state.meta({ description: 'Decisions: `{ status, decision }`; policy: `{ version, overrides }`; authors: `{ standing, policyVersion }`.' }),
    after: state.meta({ description: 'As `before`, after the change; an author’s also holds the `reason` given.' }),
  })
  .meta({ id: 'AuditEntry' });

const _auditAgrees: Agrees<z.output<typeof auditEntrySchema>, JsonOf<AuditEntry>> = true;

export const auditPaths: ZodOpenApiPathsObject = {
  '/v1/audit': {
    get: {
      tags: ['audit'],
      security: apiKeyRequirement('admin'),
      operationId: 'listAuditEntries',
      summary: 'The audit log: every decision, undo or change of one, policy replacement and author standing change',
      description:
        'Newest first. Each entry names the key that acted (id, label, role), what it did, to what, and the state before and after. Entries are kept for the publisher’s policy `audit.retentionDays` (default 365), counted from when each was written. Pass `nextCursor` back as `cursor` for the next page (with the same filters).',
      requestParams: { query: auditQuerySchema },
      responses: {
        200: jsonResponse('A page of entries.', z.object({ items: z.array(auditEntrySchema), nextCursor: z.string().nullable() })),
        ...problemResponses(400, 401, 403),
      },
    },
  },
};
