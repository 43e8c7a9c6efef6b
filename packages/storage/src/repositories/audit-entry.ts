import type { ApiKeyRole } from '../models/api-key.js';

/** What an audit entry is; audit.ts writes and reads them. */
export const AUDIT_ACTIONS = [
  'comment.decided', 'comment.decision_changed', 'comment.decision_undone', 'policy.replaced', 'author.standing_changed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export const AUDIT_TARGET_TYPES = ['comment', 'policy', 'author'] as const;
export type AuditTargetType = (typeof AUDIT_TARGET_TYPES)[number];

/** Who acted: an API key (id, label, role), or the `moderato` command line (keyId and role null). */
export interface AuditActor {
  keyId: string | null;
  label: string | null;
  role: ApiKeyRole | null;
}

export interface AuditEntry {
  entryId: string;
  publisherId: string;
  at: Date;
  actor: AuditActor;
  action: AuditAction;
  target: { type: AuditTargetType; id: string };
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export type NewAuditEntry = Omit<AuditEntry, 'entryId'>;
