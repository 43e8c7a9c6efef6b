import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

export const COMMENT_STATUSES = ['approved', 'pending', 'rejected'] as const;

const decisionSchema = new Schema(
  {
    action: { type: String, enum: ['approve', 'reject'], required: true },
    reason: { type: String },
    /** keyId of the API key that decided, never the key itself. */
    decidedBy: { type: String, required: true },
    decidedAt: { type: Date, required: true },
  },
  { _id: false },
);

/** A moderator's lease on a queue item (POST /v1/queue/claim): others' queue pages skip it until `until`. */
const claimSchema = new Schema(
  {
    /** keyId of the API key holding the lease. */
    keyId: { type: String, required: true },
    /** The key's label when it was claimed, so a page can name who works on it without reading the keys. */
    label: { type: String, default: null },
    until: { type: Date, required: true },
  },
  { _id: false },
);

/**
 * An event recorded in the same write that changed the comment (the transactional outbox, within one document, so
 * it needs no transaction): the relay copies it into the event feed, queues its deliveries, then removes it here.
 */
const outboxEventSchema = new Schema(
  {
    eventId: { type: String, required: true },
    type: { type: String, required: true },
    sequence: { type: Number, required: true },
    occurredAt: { type: Date, required: true },
    data: { type: Schema.Types.Mixed, required: true },
    /** A decision's audit entry: the relay stores it if the deciding request did not get to (repositories/audit-store.ts). */
    audit: { type: Schema.Types.Mixed },
  },
  { _id: false, minimize: false },
);

export const commentSchema = new Schema(
  {
    publisherId: { type: String, required: true },
    commentId: { type: String, required: true },
    articleId: { type: String, required: true },
    articleUrl: { type: String },
    articleTitle: { type: String },
    authorId: { type: String, required: true },
    authorName: { type: String },
    parentId: { type: String },
    text: { type: String, required: true },
    language: { type: String },
    ip: { type: String },
    userAgent: { type: String },
    /** The publisher's timestamp of the comment. */
    createdAt: { type: Date, required: true },
    receivedAt: { type: Date, required: true },
    webhookId: { type: String, required: true },
    analyzedAt: { type: Date, required: true },
    /** Status from the analysis and policy, until a moderator decides. */
    status: { type: String, enum: COMMENT_STATUSES, required: true },
    /** Kinds of the flags raised (spam, duplicate, negative, toxic, …), for filtering the queue. */
    flags: { type: [String], default: [] },
    /** Highest flag score, for the "most severe first" order. */
    severity: { type: Number, required: true },
    sentiment: new Schema({ score: Number, label: String }, { _id: false }),
    duplicateOf: { type: String },
    fingerprint: new Schema({ exact: String, signature: [Number], bands: [String] }, { _id: false }),
    /** The full analysis as the analysis package returned it (scores, reasons, per-phase detail). */
    analysis: { type: Schema.Types.Mixed, required: true },
    decision: { type: decisionSchema, default: null },
    /** The lease a moderator holds on it while it awaits review; stale after `until`, removed by a decision. */
    claim: { type: claimSchema, default: null },
    /** How many events the comment has had; the next one's `sequence` is this plus one. */
    eventCount: { type: Number, default: 0 },
    outbox: { type: [outboxEventSchema], default: [] },
  },
  { collection: 'comments', strict: 'throw', minimize: false },
);
commentSchema.index({ publisherId: 1, commentId: 1 }, { unique: true });
commentSchema.index({ publisherId: 1, status: 1, createdAt: 1, commentId: 1 });
commentSchema.index({ publisherId: 1, status: 1, severity: -1, createdAt: 1, commentId: 1 });
commentSchema.index({ publisherId: 1, articleId: 1, createdAt: 1 });
// Statistics over a time range across all of a publisher's articles and authors.
commentSchema.index({ publisherId: 1, createdAt: 1 });
commentSchema.index({ publisherId: 1, authorId: 1, createdAt: -1 });
// The export's keyset order: a batch starts where the last ended without sorting the rest of the range.
commentSchema.index({ publisherId: 1, createdAt: 1, commentId: 1 });
// The overview's moderators' decisions over a time range.
commentSchema.index({ publisherId: 1, 'decision.decidedAt': 1 });
// The queue-depth metric: every publisher's pending comments, without reading the rest of the collection.
commentSchema.index({ status: 1, publisherId: 1 }, { partialFilterExpression: { status: 'pending' } });
commentSchema.index({ publisherId: 1, 'fingerprint.exact': 1 });
commentSchema.index({ publisherId: 1, 'fingerprint.bands': 1 });
// Sparse: only comments with events still to relay are in it, so the relay's sweep reads just those.
commentSchema.index({ 'outbox.occurredAt': 1 }, { sparse: true });

export type CommentDocument = InferSchemaType<typeof commentSchema>;

export function commentModel(connection: Connection): Model<CommentDocument> {
  return connection.models.Comment ?? connection.model('Comment', commentSchema);
}
