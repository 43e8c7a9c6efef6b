import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/**
 * The event feed: every event of a publisher, at a gapless position. A position is written only by a relay that has
 * seen the one before it (a unique index refuses a second writer of the same position), so a reader that has seen
 * position n has seen every position below it: reading after a cursor never skips an event.
 */
export const eventSchema = new Schema(
  {
    publisherId: { type: String, required: true },
    position: { type: Number, required: true },
    eventId: { type: String, required: true },
    type: { type: String, required: true },
    commentId: { type: String, required: true },
    sequence: { type: Number, required: true },
    occurredAt: { type: Date, required: true },
    recordedAt: { type: Date, required: true },
    /** The envelope exactly as delivered: { id, type, version, timestamp, data }. */
    payload: { type: Schema.Types.Mixed, required: true },
  },
  { collection: 'events', strict: 'throw', minimize: false },
);
eventSchema.index({ publisherId: 1, position: 1 }, { unique: true });
eventSchema.index({ eventId: 1 }, { unique: true });

export type EventDocument = InferSchemaType<typeof eventSchema>;

export function eventModel(connection: Connection): Model<EventDocument> {
  return connection.models.Event ?? connection.model('Event', eventSchema);
}
