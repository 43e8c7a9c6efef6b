import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

const webhookSecretSchema = new Schema(
  {
    secret: { type: String, required: true },
    createdAt: { type: Date, required: true },
    /** Unset for the current secret; set when a rotation starts the old secret's grace period. */
    expiresAt: { type: Date, default: null },
  },
  { _id: false },
);

const thresholdSchema = new Schema({ flag: Number, reject: Number }, { _id: false });

/** A list that is unset until the publisher sets it, so the default policy's list applies. */
const optionalList = { type: [String], default: undefined };

/** Per-publisher overrides of the default moderation policy; unset fields fall back to the defaults. */
const policySchema = new Schema(
  {
    spam: thresholdSchema,
    duplicate: thresholdSchema,
    toxic: thresholdSchema,
    negative: new Schema({ flag: Number, hold: Boolean }, { _id: false }),
    blockedDomains: optionalList,
    bannedTerms: optionalList,
    suspectTerms: optionalList,
    preModeration: new Schema({ all: Boolean, articleIds: optionalList }, { _id: false }),
    authors: new Schema(
      { trusted: optionalList, banned: optionalList, bannedAction: { type: String, enum: ['reject', 'hold'] } },
      { _id: false },
    ),
    decisions: new Schema({ undoWindowMinutes: Number }, { _id: false }),
    audit: new Schema({ retentionDays: Number }, { _id: false }),
    learning: new Schema({ fromDecisions: Boolean }, { _id: false }),
  },
  { _id: false },
);

/** Who changed a policy: an API key (by id, never the key), or the `moderato` command line. */
export const policyChangedBySchema = new Schema({ keyId: String, label: String, cli: Boolean }, { _id: false });

export const publisherSchema = new Schema(
  {
    publisherId: { type: String, required: true, unique: true },
    name: { type: String },
    webhookSecrets: { type: [webhookSecretSchema], default: [] },
    policy: { type: policySchema, default: {} },
    /** Raised by one with every policy change (repositories/policies.ts); 0 while the policy was never set. */
    policyVersion: { type: Number, default: 0 },
    policyUpdatedAt: { type: Date, default: null },
    policyUpdatedBy: { type: policyChangedBySchema, default: null },
    /**
     * Each policy change's history record and audit entry, written in the same update as the change and removed once
     * both are stored (repositories/policy-records.ts), so a crash between the writes loses neither.
     */
    pendingRecords: { type: [Schema.Types.Mixed], default: undefined },
  },
  { timestamps: true, collection: 'publishers', strict: 'throw' },
);

export type PublisherDocument = InferSchemaType<typeof publisherSchema>;

export function publisherModel(connection: Connection): Model<PublisherDocument> {
  return connection.models.Publisher ?? connection.model('Publisher', publisherSchema);
}
