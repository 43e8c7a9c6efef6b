import type { Analysis } from '@moderato/analysis';
import {
  commentEventId, type CommentAnalyzedData, type CommentDecidedData, type CommentReanalyzedData, type EventDataByType, type EventType,
} from '@moderato/contracts';
import type { AuditDocument } from '../repositories/audit-store.js';

/** An event as the comment's outbox holds it until the relay has moved it into the feed. */
export interface OutboxEvent<T extends EventType = EventType> {
  eventId: string;
  type: T;
  sequence: number;
  occurredAt: Date;
  data: EventDataByType[T];
  /** A decision's audit entry, never delivered: stored by the relay unless the deciding request stored it first. */
  audit?: AuditDocument;
}

/** Which comment an event is about, and its place among that comment's events. */
export interface EventSubject {
  publisherId: string;
  commentId: string;
  articleId: string;
  authorId: string;
  sequence: number;
}

export function outboxEvent<T extends EventType>(type: T, subject: EventSubject, occurredAt: Date, data: EventDataByType[T]): OutboxEvent<T> {
  return { eventId: commentEventId(subject.publisherId, subject.commentId, subject.sequence), type, sequence: subject.sequence, occurredAt, data };
}

/** What the publisher is told of an analysis: the outcome and the reasons, not the per-phase detail. */
export function analysisOutcome(analysis: Analysis) {
  return {
    status: analysis.status,
    flags: analysis.flags.map((flag) => ({
      kind: flag.kind,
      score: flag.score,
      reasons: flag.reasons.map((reason) => ({ code: reason.code, message: reason.message, ...(reason.span ? { span: reason.span } : {}) })),
    })),
    sentiment: analysis.sentiment ? { label: analysis.sentiment.label, score: analysis.sentiment.score } : null,
    duplicateOf: analysis.duplicate.match?.commentId ?? null,
    analysisVersion: analysis.version,
    policyVersion: analysis.policyVersion,
  };
}

export function analyzedEvent(subject: Omit<EventSubject, 'sequence'>, analysis: Analysis, at: Date): OutboxEvent<'comment.analyzed'> {
  // Only the subject's fields: callers pass the whole stored comment, whose text, author name, IP address and user
  // agent must not travel in events (analyst keys read the feed; they may not read comments).
  const { publisherId, commentId, articleId, authorId } = subject;
  const sequenced = { publisherId, commentId, articleId, authorId, sequence: 1 };
  const data: CommentAnalyzedData = { ...sequenced, ...analysisOutcome(analysis) };
  return outboxEvent('comment.analyzed', sequenced, at, data);
}

export function reanalyzedEvent(
  subject: EventSubject, analysis: Analysis, previous: CommentReanalyzedData['previous'], cause: string, at: Date,
): OutboxEvent<'comment.reanalyzed'> {
  const data: CommentReanalyzedData = { ...subject, ...analysisOutcome(analysis), cause, previous };
  return outboxEvent('comment.reanalyzed', subject, at, data);
}

export function decidedEvent(
  subject: EventSubject, status: CommentDecidedData['status'], previousStatus: CommentDecidedData['previousStatus'],
  decision: { action: CommentDecidedData['decision']['action']; reason: string | null; decidedBy: string; decidedAt: Date },
): OutboxEvent<'comment.decided'> {
  const data: CommentDecidedData = { ...subject, status, previousStatus, decision: { ...decision, decidedAt: decision.decidedAt.toISOString() } };
  return outboxEvent('comment.decided', subject, decision.decidedAt, data);
}
