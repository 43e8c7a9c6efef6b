import { withOverrides, type Analysis, type Analyzer, type ArticleContext, type Fingerprint, type ModerationPolicy } from '@moderato/analysis';
import {
  findArticle, findDuplicateCandidates, replaceAnalysisUnlessDecided, type PublisherRecord, type Storage, type StoredCommentForAnalysis,
} from '@moderato/storage';

/** The policy a publisher's comments are analyzed under: the analyzer's defaults with the publisher's overrides laid over. */
export function effectivePolicy(analyzer: Analyzer, publisher: PublisherRecord): ModerationPolicy {
  return withOverrides(analyzer.defaultPolicy, publisher.policy, publisher.policyVersion);
}

/** The article as the analysis sees it: the registered one, else the title the publisher sent with the comment. */
export async function articleContext(storage: Storage, publisherId: string, articleId: string, titleSent: string | undefined): Promise<ArticleContext> {
  const stored = await findArticle(storage, publisherId, articleId);
  const title = stored?.title ?? titleSent;
  return { id: articleId, ...(title ? { title } : {}), ...(stored?.body ? { body: stored.body } : {}) };
}

/**
 * A stored comment analyzed again against the duplicate candidates its `fingerprint` finds now, and written back
 * unless a moderator has decided it meanwhile (with a `comment.reanalyzed` event, of `cause`, when its outcome changed).
 */
export async function analyzeStoredAgain(
  deps: { storage: Storage; analyzer: Analyzer },
  publisherId: string,
  stored: StoredCommentForAnalysis,
  context: { policy: ModerationPolicy; article: ArticleContext; fingerprint: Fingerprint; cause: string },
): Promise<{ analysis: Analysis; replaced: boolean; eventRecorded: boolean }> {
  const { commentId, authorId, articleId, text, createdAt, language } = stored;
  const { policy, article, fingerprint, cause } = context;
  const candidates = await findDuplicateCandidates(deps.storage, publisherId, commentId, fingerprint);
  const analysis = deps.analyzer.analyze(
    { commentId, authorId, articleId, text, createdAt, ...(language ? { language } : {}) },
    { article, policy, duplicateCandidates: candidates, fingerprint },
  );
  const written = await replaceAnalysisUnlessDecided(deps.storage, publisherId, commentId, analysis, new Date(), cause);
  return { analysis, ...written };
}
