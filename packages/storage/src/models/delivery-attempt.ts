import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

export const DELIVERY_OUTCOMES = ['delivered', 'failed', 'gone', 'skipped'] as const;
/** Attempts are kept this long (a TTL index on real MongoDB removes older ones). */
export const DELIVERY_ATTEMPT_RETENTION_SECONDS = 30 * 24 * 3600;

/** One try at delivering one event to one endpoint: the log a publisher reads to see what its receiver answered. */
export const deliveryAttemptSchema = new Schema(
  {
    publisherId: { type: String, required: true },
    endpointId: { type: String, required: true },
    eventId: { type: String, required: true },
    eventType: { type: String, required: true },
    attempt: { type: Number, required: true },
    at: { type: Date, required: true },
    outcome: { type: String, enum: DELIVERY_OUTCOMES, required: true },
    /** HTTP status of the answer, or null when there was none (timeout, network error, blocked address). */
    status: { type: Number, default: null },
    latencyMs: { type: Number, required: true },
    /** The start of the answer's body, capped. */
    excerpt: { type: String, default: '' },
    error: { type: String, default: null },
  },
  { collection: 'delivery_attempts', strict: 'throw' },
);
deliveryAttemptSchema.index({ publisherId: 1, endpointId: 1, at: -1, _id: -1 });
deliveryAttemptSchema.index({ publisherId: 1, eventId: 1 });
deliveryAttemptSchema.index({ at: 1 }, { expireAfterSeconds: DELIVERY_ATTEMPT_RETENTION_SECONDS });

export type DeliveryAttemptDocument = InferSchemaType<typeof deliveryAttemptSchema>;

export function deliveryAttemptModel(connection: Connection): Model<DeliveryAttemptDocument> {
  return connection.models.DeliveryAttempt ?? connection.model('DeliveryAttempt', deliveryAttemptSchema);
}
