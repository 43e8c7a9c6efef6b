import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';
import { policyChangedBySchema } from './publisher.js';

/**
 * The history of a publisher's policy: one record per version, holding the full overrides after the change, so any
 * version can be read back (or restored) as it was.
 */
export const policyChangeSchema = new Schema(
  {
    publisherId: { type: String, required: true },
    version: { type: Number, required: true },
    /** The publisher's whole policy overrides after this change. */
    policy: { type: Schema.Types.Mixed, required: true },
    changedBy: { type: policyChangedBySchema, required: true },
    changedAt: { type: Date, required: true },
    /** What changed, for people: "bannedTerms +2 −1; spam.reject 0.9 → 0.95". */
    summary: { type: String, required: true },
    /** The dotted paths of the fields that changed. */
    fields: { type: [String], default: [] },
    /** Why, when the one who changed it said (author standings take a reason). */
    reason: { type: String },
  },
  { collection: 'policy_changes', strict: 'throw', minimize: false },
);
// One record per version; it also serves the history's newest-first pages.
policyChangeSchema.index({ publisherId: 1, version: 1 }, { unique: true });

export type PolicyChangeDocument = InferSchemaType<typeof policyChangeSchema>;

export function policyChangeModel(connection: Connection): Model<PolicyChangeDocument> {
  return connection.models.PolicyChange ?? connection.model('PolicyChange', policyChangeSchema);
}
