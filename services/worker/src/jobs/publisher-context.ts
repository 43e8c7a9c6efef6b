import { withOverrides, type Analyzer, type ArticleContext, type ModerationPolicy } from '@moderato/analysis';
import { findArticle, type PublisherRecord, type Storage } from '@moderato/storage';

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
