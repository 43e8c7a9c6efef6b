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

/** Per-publisher overrides of the default moderation policy; unset fields fall back to the defaults. */
const policySchema = new Schema(
  {
    spam: thresholdSchema,
    duplicate: thresholdSchema,
    toxic: thresholdSchema,
    negative: new Schema({ flag: Number }, { _id: false }),
    blockedDomains: { type: [String], default: undefined },
  },
  { _id: false },
);

export const publisherSchema = new Schema(
  {
    publisherId: { type: String, required: true, unique: true },
    name: { type: String },
    webhookSecrets: { type: [webhookSecretSchema], default: [] },
    policy: { type: policySchema, default: {} },
  },
  { timestamps: true, collection: 'publishers', strict: 'throw' },
);

export type PublisherDocument = InferSchemaType<typeof publisherSchema>;

export function publisherModel(connection: Connection): Model<PublisherDocument> {
  return connection.models.Publisher ?? connection.model('Publisher', publisherSchema);
}
