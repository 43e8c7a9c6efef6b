import type { Analysis, Flag, FlagKind, ModerationStatus, Reason, SentimentLabel } from '@moderato/analysis';
import { uniqueName } from '@moderato/testkit';
import {
  createApiKey, createPublisher, saveAnalyzedComment, type AnalyzedComment, type ApiKeyRole, type PolicyOverrides, type Storage,
} from '../src/index.js';

/** What a test cares about in an analyzed comment; everything else gets a plausible default. */
export interface CommentSpec {
  publisherId: string;
  commentId?: string;
  articleId?: string;
  authorId?: string;
  text?: string;
  createdAt?: Date;
  /** Flag kind → score. The highest score becomes the comment's severity. */
  flags?: Partial<Record<FlagKind, number>>;
  /** Flag kind → the reasons of that flag (raised in `flags`), in place of its one made-up reason: spans, say. */
  reasons?: Partial<Record<FlagKind, Reason[]>>;
  /** Defaults to 'pending' when any flag is raised, else 'approved'. */
  status?: ModerationStatus;
  /** null: the sentiment phase did not run (unsupported language). */
  sentiment?: { score: number; label: SentimentLabel } | null;
  duplicateOf?: string;
  /** The publisher policy version the analysis applied (default 0: the defaults). */
  policyVersion?: number;
  /** An analysis as the analysis package returned it, stored as it is: `flags`, `reasons`, `status`, `sentiment` and `duplicateOf` are then unused. */
  analysis?: Analysis;
}

const BASE_TIME = Date.UTC(2025, 9, 1, 8, 0, 0);
let sequence = 0;

/** An Analysis as the analysis package would return it, with a reason per flag so detail views have something to show. */
export function buildAnalysis(spec: Omit<CommentSpec, 'publisherId'> = {}): Analysis {
  const flags: Flag[] = Object.entries(spec.flags ?? {}).map(([kind, score]) => ({
    kind: kind as FlagKind,
    score,
    reasons: spec.reasons?.[kind as FlagKind] ?? [{ code: `${kind}_signal`, message: `${kind} signal scored ${score}`, weight: score }],
  }));
  const sentiment = spec.sentiment === undefined ? { score: 0, label: 'neutral' as const } : spec.sentiment;
  const exact = `hash-${spec.commentId ?? sequence}`;
  return {
    version: 'test-1',
    policyVersion: spec.policyVersion ?? 0,
    normalized: (spec.text ?? 'a reader comment').toLowerCase(),
    language: { code: sentiment ? 'en' : 'und', confidence: 0.9, phasesRun: ['normalize', 'language'], phasesSkipped: [] },
    ...(sentiment && { sentiment: { ...sentiment, sentences: [], drivers: [], reasons: [{ code: `sentiment_${sentiment.label}`, message: `reads ${sentiment.label}` }] } }),
    spam: { score: spec.flags?.spam ?? 0, domains: [], reasons: [] },
    duplicate: spec.duplicateOf
      ? { score: 1, match: { commentId: spec.duplicateOf, similarity: 1, exact: true, scope: 'article' }, reasons: [{ code: 'exact_duplicate', message: `same text as ${spec.duplicateOf}` }] }
      : { score: 0, reasons: [] },
    fingerprint: { exact, signature: [1, 2, 3], bands: [`band-${exact}`] },
    flags,
    status: spec.status ?? (flags.length ? 'pending' : 'approved'),
  };
}

export function buildAnalyzedComment(spec: CommentSpec): AnalyzedComment {
  sequence += 1;
  const commentId = spec.commentId ?? `c-${String(sequence).padStart(5, '0')}`;
  const createdAt = spec.createdAt ?? new Date(BASE_TIME + sequence * 60_000);
  return {
    publisherId: spec.publisherId,
    commentId,
    articleId: spec.articleId ?? 'article-1',
    articleTitle: 'An article',
    authorId: spec.authorId ?? `author-${sequence}`,
    authorName: 'A Reader',
    text: spec.text ?? `reader comment ${commentId}`,
    language: 'en',
    createdAt,
    receivedAt: new Date(createdAt.getTime() + 1_000),
    webhookId: `msg_${commentId}`,
    analyzedAt: new Date(createdAt.getTime() + 2_000),
    analysis: spec.analysis ?? buildAnalysis({ ...spec, commentId }),
  };
}

/** Saves the comments in order through the real repository; returns what was saved. */
export async function saveComments(storage: Storage, specs: CommentSpec[]): Promise<AnalyzedComment[]> {
  const comments = specs.map(buildAnalyzedComment);
  for (const comment of comments) await saveAnalyzedComment(storage, comment);
  return comments;
}

/** `minutes` after a fixed UTC instant: readable offsets for time-dependent tests. */
export function at(minutes: number, base = BASE_TIME): Date {
  return new Date(base + minutes * 60_000);
}

export interface PublisherWithKeys {
  publisherId: string;
  /** The API key of each role, as a user would paste it. */
  keys: Record<ApiKeyRole, string>;
  keyIds: Record<ApiKeyRole, string>;
}

/** A new publisher with one API key per role, so that each test works on data of its own. */
export async function createPublisherWithKeys(storage: Storage): Promise<PublisherWithKeys> {
  const publisherId = uniqueName('pub');
  await createPublisher(storage, { publisherId, secret: 'whsec_dGVzdC1zZWNyZXQtZm9yLXRlc3Rz' });
  const keys = {} as Record<ApiKeyRole, string>;
  const keyIds = {} as Record<ApiKeyRole, string>;
  for (const role of ['moderator', 'analyst', 'admin'] as const) {
    ({ key: keys[role], keyId: keyIds[role] } = await createApiKey(storage, { publisherId, role }));
  }
  return { publisherId, keys, keyIds };
}

/** A new publisher with no keys and the default policy (version 0); returns its id. */
export async function createTestPublisher(storage: Storage): Promise<string> {
  const publisherId = uniqueName('pub');
  await createPublisher(storage, { publisherId, secret: 'whsec_dGVzdC1zZWNyZXQtZm9yLXRlc3Rz' });
  return publisherId;
}

/** A publisher's policy overrides touching every kind of field, with `changes` laid over them. */
export function buildPolicyOverrides(changes: PolicyOverrides = {}): PolicyOverrides {
  return {
    spam: { reject: 0.95 },
    negative: { hold: false },
    blockedDomains: ['spam.example'],
    bannedTerms: ['idiot', 'cheap pills'],
    suspectTerms: ['lawsuit'],
    preModeration: { all: false, articleIds: ['trial-coverage'] },
    authors: { trusted: ['u-regular'], banned: ['u-troll'], bannedAction: 'hold' },
    ...changes,
  };
}
