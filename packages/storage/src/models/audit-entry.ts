import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/** The API key that acted (its id and label, never the key), or the `moderato` command line (keyId and role null). */
const auditActorSchema = new Schema(
  { keyId: { type: String, default: null }, label: { type: String, default: null }, role: { type: String, default: null } },
  { _id: false },
);

/**
 * The audit log: one entry per change a person made (a decision, its undo or change, a policy replacement, an author's
 * standing), with who, what, when, and the state before and after. Each entry expires at `expiresAt`, set when it is
 * written from the publisher's policy `audit.retentionDays`.
 */
export const auditEntrySchema = new Schema(
  {
    entryId: { type: String, required: true },
    publisherId: { type: String, required: true },
    at: { type: Date, required: true },
    actor: { type: auditActorSchema, required: true },
    action: { type: String, required: true },
    target: { type: new Schema({ type: { type: String, required: true }, id: { type: String, required: true } }, { _id: false }), required: true },
    before: { type: Schema.Types.Mixed, default: null },
    after: { type: Schema.Types.Mixed, default: null },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'audit_entries', strict: 'throw', minimize: false },
);
auditEntrySchema.index({ publisherId: 1, entryId: 1 }, { unique: true });
// Newest first, unfiltered and by each filter the API offers; entryId breaks ties between entries of the same instant.
auditEntrySchema.index({ publisherId: 1, at: -1, entryId: -1 });
auditEntrySchema.index({ publisherId: 1, action: 1, at: -1, entryId: -1 });
auditEntrySchema.index({ publisherId: 1, 'actor.keyId': 1, at: -1, entryId: -1 });
auditEntrySchema.index({ publisherId: 1, 'target.id': 1, at: -1, entryId: -1 });
// MongoDB expires documents only through a single-field index, so this one cannot start with publisherId.
auditEntrySchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export type AuditEntryDocument = InferSchemaType<typeof auditEntrySchema>;

export function auditEntryModel(connection: Connection): Model<AuditEntryDocument> {
  return connection.models.AuditEntry ?? connection.model('AuditEntry', auditEntrySchema);
}
