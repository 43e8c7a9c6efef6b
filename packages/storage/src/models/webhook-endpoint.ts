import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

const endpointSecretSchema = new Schema(
  {
    /** Sealed with ENDPOINT_SECRETS_KEY, bound to the endpoint. */
    secret: { type: String, required: true },
    createdAt: { type: Date, required: true },
    /** Unset for the current secret; set when a rotation starts the old secret's grace period. */
    expiresAt: { type: Date, default: null },
  },
  { _id: false },
);

/** A publisher's receiver of outbound webhooks. */
export const webhookEndpointSchema = new Schema(
  {
    endpointId: { type: String, required: true, unique: true },
    publisherId: { type: String, required: true, index: true },
    url: { type: String, required: true },
    description: { type: String },
    /** Event types it receives; empty means every type. */
    eventTypes: { type: [String], default: [] },
    secrets: { type: [endpointSecretSchema], default: [] },
    enabled: { type: Boolean, default: true },
    disabledReason: { type: String, default: null },
    disabledAt: { type: Date, default: null },
    /** Start of the current run of failed attempts; cleared by a delivery. */
    failingSince: { type: Date, default: null },
    lastDeliveredAt: { type: Date, default: null },
    lastFailedAt: { type: Date, default: null },
  },
  { timestamps: true, collection: 'webhook_endpoints', strict: 'throw' },
);

export type WebhookEndpointDocument = InferSchemaType<typeof webhookEndpointSchema>;

export function webhookEndpointModel(connection: Connection): Model<WebhookEndpointDocument> {
  return connection.models.WebhookEndpoint ?? connection.model('WebhookEndpoint', webhookEndpointSchema);
}
