import type { ModerationPolicy, NormalizedText, Reason } from '../types.js';
import { matchTerms, type TermMatch } from './terms.js';

/** What the publisher's own rules look at: the comment's normalized text, its author and its article. */
export interface PolicySubject {
  text: NormalizedText;
  authorId: string;
  articleId: string;
}

export type AuthorStanding = 'trusted' | 'banned';

/** What the publisher's rules found in one comment, before the outcome is decided. */
export interface PublisherRuleFindings {
  bannedTerms: TermMatch[];
  suspectTerms: TermMatch[];
  /** 'all': the publisher pre-moderates everything; 'article': this comment's article is pre-moderated. */
  preModerated: 'all' | 'article' | undefined;
  /** A banned author stays banned even if also listed as trusted. */
  standing: AuthorStanding | undefined;
}

export const NO_FINDINGS: PublisherRuleFindings = { bannedTerms: [], suspectTerms: [], preModerated: undefined, standing: undefined };

/** Stable reason codes of the `policy` flag. */
export const POLICY_REASON_CODES = {
  bannedTerm: 'policy.banned_term',
  suspectTerm: 'policy.suspect_term',
  preModeration: 'policy.pre_moderation',
  bannedAuthor: 'policy.banned_author',
  trustedAuthor: 'policy.trusted_author',
} as const;

/** How strongly each finding counts toward the flag's score (the queue's severity order). */
const WEIGHT = { bannedTerm: 1, suspectTerm: 0.6, bannedAuthor: 1, preModeration: 0, trustedAuthor: 0 } as const;

export function findPublisherRules(policy: ModerationPolicy, subject: PolicySubject): PublisherRuleFindings {
  const { preModeration, authors } = policy;
  return {
    bannedTerms: matchTerms(subject.text, policy.bannedTerms),
    suspectTerms: matchTerms(subject.text, policy.suspectTerms),
    preModerated: preModeration.all ? 'all' : listHas(preModeration.articleIds, subject.articleId) ? 'article' : undefined,
    standing: listHas(authors.banned, subject.authorId) ? 'banned' : listHas(authors.trusted, subject.authorId) ? 'trusted' : undefined,
  };
}

/** Id lists (authors, articles) run to thousands: each long list gets a Set once, kept as long as the list is. */
const idSets = new WeakMap<readonly string[], ReadonlySet<string>>();

function listHas(list: readonly string[], id: string): boolean {
  if (list.length < 16) return list.includes(id);
  let set = idSets.get(list);
  if (!set) {
    set = new Set(list);
    idSets.set(list, set);
  }
  return set.has(id);
}

export function termReason(kind: 'banned' | 'suspect', match: TermMatch): Reason {
  const code = kind === 'banned' ? POLICY_REASON_CODES.bannedTerm : POLICY_REASON_CODES.suspectTerm;
  const weight = kind === 'banned' ? WEIGHT.bannedTerm : WEIGHT.suspectTerm;
  return { code, message: `${kind} term "${match.term}" (matched "${match.written}")`, span: match.span, weight };
}

export function bannedAuthorReason(authorId: string, action: ModerationPolicy['authors']['bannedAction']): Reason {
  const outcome = action === 'reject' ? 'rejected' : 'held for review';
  return { code: POLICY_REASON_CODES.bannedAuthor, message: `author "${authorId}" is banned by the publisher: ${outcome}`, weight: WEIGHT.bannedAuthor };
}

export function preModerationReason(scope: 'all' | 'article', articleId: string): Reason {
  const message = scope === 'all'
    ? 'the publisher holds every comment for a moderator (pre-moderation)'
    : `the publisher holds every comment on article "${articleId}" for a moderator (pre-moderation)`;
  return { code: POLICY_REASON_CODES.preModeration, message, weight: WEIGHT.preModeration };
}

export function trustedAuthorReason(authorId: string, message: string): Reason {
  return { code: POLICY_REASON_CODES.trustedAuthor, message: `author "${authorId}" is trusted by the publisher: ${message}`, weight: WEIGHT.trustedAuthor };
}
