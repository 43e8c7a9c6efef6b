import { ANALYZE_COMMENT_VERSION, analyzeCommentJobSchema, type AnalyzeCommentJob } from '@moderato/contracts';
import type { Analysis, Analyzer, CommentForAnalysis, ModerationPolicy } from '@moderato/analysis';
import type { Logger } from '@moderato/service-kit';
import {
  findCommentForAnalysis, findDuplicateCandidates, findPublisher, saveAnalyzedComment,
  type AnalyzedComment, type Storage,
} from '@moderato/storage';
import { UnrecoverableError, type Job } from 'bullmq';
import { analyzeStoredAgain, articleContext, effectivePolicy } from './publisher-context.js';

/**
 * Runs `work` with no other duplicate lookup-and-store of the same publisher running, in this process or another:
 * near-copies that arrive together (a spam wave) would otherwise each look up before any is stored, and miss each other.
 */
export type PublisherSection = <T>(publisherId: string, work: () => Promise<T>) => Promise<T>;

export interface ProcessorDependencies {
  storage: Storage;
  analyzer: Analyzer;
  logger: Logger;
  oneAtATimePerPublisher: PublisherSection;
  /** Tells the relay that events were recorded for the publisher; best effort (its sweep finds them anyway). */
  announceEvents: (publisherId: string) => void;
}

export interface CommentOutcome {
  commentId: string;
  status: string;
  flags: string[];
  created: boolean;
}

/**
 * One job: load the publisher's policy and the article, fetch duplicate candidates by the comment's fingerprint (an
 * indexed lookup), run the analysis phases, store the result once; lookup to store run one at a time per publisher.
 * Bad payloads and unknown publishers can never succeed, so they fail without retries; anything else (MongoDB down)
 * throws and BullMQ retries with backoff.
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

    const publisher = await findPublisher(deps.storage, publisherId);
    if (!publisher) throw new UnrecoverableError(`unknown publisher ${publisherId}`);
    const article = await articleContext(deps.storage, publisherId, comment.article.id, comment.article.title);
    const policy = effectivePolicy(deps.analyzer, publisher);
    const subject: CommentForAnalysis = {
      commentId: comment.id, authorId: comment.author.id, articleId: comment.article.id, text: comment.text,
      createdAt: new Date(comment.createdAt), ...(comment.language ? { language: comment.language } : {}),
    };
    const fingerprint = deps.analyzer.fingerprint(comment.text);
    const { analysis, created } = await deps.oneAtATimePerPublisher(publisherId, async () => {
      const candidates = await findDuplicateCandidates(deps.storage, publisherId, comment.id, fingerprint);
      const analysis = deps.analyzer.analyze(subject, { article, policy, duplicateCandidates: candidates, fingerprint });
      const { created } = await saveAnalyzedComment(deps.storage, commentRecord(parsed.data, analysis));
      // Also on a retry whose first attempt stored the comment and then failed: copies already named are skipped.
      for (const copy of deps.analyzer.laterNearCopies(subject, fingerprint, candidates)) {
        await reanalyzeLaterCopy(deps, publisherId, copy.commentId, policy, log);
      }
      return { analysis, created };
    });
    deps.announceEvents(publisherId);
    const flags = analysis.flags.map((flag) => flag.kind);
    log.info({ status: analysis.status, flags, created }, created ? 'comment analyzed' : 'comment already stored; left unchanged');
    return { commentId: comment.id, status: analysis.status, flags, created };
  };
}

/**
 * A comment posted after this one but stored first (comments of one delivery are processed at the same time) was
 * analyzed without its original: analyze it again now that the original is stored, unless a moderator has decided it
 * or it already names another original.
 */
async function reanalyzeLaterCopy(
  deps: ProcessorDependencies, publisherId: string, commentId: string, policy: ModerationPolicy, log: Logger,
): Promise<void> {
  const stored = await findCommentForAnalysis(deps.storage, publisherId, commentId);
  if (!stored || stored.decided || stored.duplicateOf) return;
  const article = await articleContext(deps.storage, publisherId, stored.articleId, stored.articleTitle);
  const { analysis, replaced } = await analyzeStoredAgain(deps, publisherId, stored, { policy, article, fingerprint: stored.fingerprint, cause: 'later_copy' });
  log.info({ laterCopyId: commentId, duplicateOf: analysis.duplicate.match?.commentId, status: analysis.status, replaced }, 'later near-copy analyzed again');
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
