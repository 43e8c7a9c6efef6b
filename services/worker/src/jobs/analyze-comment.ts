import { ANALYZE_COMMENT_VERSION, analyzeCommentJobSchema, type AnalyzeCommentJob } from '@moderato/contracts';
import type { Analysis, CommentForAnalysis } from '@moderato/analysis';
import type { Logger } from '@moderato/service-kit';
import type { AnalyzedComment, CommentWriter } from '@moderato/storage';
import { UnrecoverableError, type Job } from 'bullmq';
import { lookUpRegistered, releaseRegistered, settleLaterCopies, type NearCopyDependencies } from './near-copies.js';

export interface ProcessorDependencies extends NearCopyDependencies {
  logger: Logger;
  /** Tells the relay that events were recorded for the publisher; best effort (its sweep finds them anyway). */
  announceEvents: (publisherId: string) => void;
  /** Stores analyzed comments, concurrent jobs' together (createCommentWriter). */
  comments: CommentWriter;
}

export interface CommentOutcome {
  commentId: string;
  status: string;
  flags: string[];
  created: boolean;
}

/**
 * One job: the publisher's policy and the article (cached per process), the duplicate candidates (registered first,
 * see near-copies.ts: stored ones by an indexed lookup, and ones in flight), the analysis phases, and one write,
 * shared with the jobs that reach it at the same time: at most two MongoDB round trips on the common path. Bad
 * payloads and unknown publishers can never succeed, so they fail without retries; anything else (MongoDB down)
 * throws and BullMQ retries with backoff; a comment that failed before it was released stays registered until its
 * retry releases it (or its entry expires).
 */
export function createCommentProcessor(deps: ProcessorDependencies) {
  return async (job: Job): Promise<CommentOutcome> => {
    const parsed = analyzeCommentJobSchema.safeParse(job.data);
    if (!parsed.success) {
      const version = (job.data as { version?: unknown } | undefined)?.version;
      const why = version !== ANALYZE_COMMENT_VERSION ? `unsupported job version ${String(version)}` : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new UnrecoverableError(`invalid job payload: ${why}`);
    }
    const { publisherId, comment } = parsed.data;
    const log = deps.logger.child({ jobId: job.id, publisherId, commentId: comment.id });

    const policy = await deps.contexts.policy(publisherId);
    if (!policy) throw new UnrecoverableError(`unknown publisher ${publisherId}`);
    const article = await deps.contexts.article(publisherId, comment.article.id, comment.article.title);
    const createdAt = new Date(comment.createdAt);
    const subject: CommentForAnalysis = {
      commentId: comment.id, authorId: comment.author.id, articleId: comment.article.id, text: comment.text,
      createdAt, ...(comment.language ? { language: comment.language } : {}),
    };
    const fingerprint = deps.analyzer.fingerprint(comment.text);
    const registered = { commentId: comment.id, authorId: comment.author.id, articleId: comment.article.id, createdAt, fingerprint };
    const lookup = await lookUpRegistered(deps, publisherId, registered);
    const analysis = deps.analyzer.analyze(subject, { article, policy, duplicateCandidates: lookup.candidates, fingerprint });
    const { created } = await deps.comments.save(commentRecord(parsed.data, analysis));
    // Also on a retry whose first attempt stored the comment and then failed: copies already named are skipped.
    await settleLaterCopies(deps, publisherId, subject, fingerprint, lookup, policy, log);
    deps.announceEvents(publisherId);
    await releaseRegistered(deps, publisherId, registered, policy, log);
    const flags = analysis.flags.map((flag) => flag.kind);
    log.info({ status: analysis.status, flags, created }, created ? 'comment analyzed' : 'comment already stored; left unchanged');
    return { commentId: comment.id, status: analysis.status, flags, created };
  };
}

/** What is stored for the job's comment: the publisher's fields as sent, the times, and the analysis. */
function commentRecord({ publisherId, comment, receivedAt, webhookId }: AnalyzeCommentJob, analysis: Analysis): AnalyzedComment {
  return {
    publisherId,
    commentId: comment.id,
    articleId: comment.article.id,
    ...(comment.article.url ? { articleUrl: comment.article.url } : {}),
    ...(comment.article.title ? { articleTitle: comment.article.title } : {}),
    authorId: comment.author.id,
    ...(comment.author.name ? { authorName: comment.author.name } : {}),
    ...(comment.parentId ? { parentId: comment.parentId } : {}),
    text: comment.text,
    ...(comment.language ? { language: comment.language } : {}),
    ...(comment.ip ? { ip: comment.ip } : {}),
    ...(comment.userAgent ? { userAgent: comment.userAgent } : {}),
    createdAt: new Date(comment.createdAt),
    receivedAt: new Date(receivedAt),
    webhookId,
    analyzedAt: new Date(),
    analysis,
  };
}
