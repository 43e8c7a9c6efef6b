import type { NormalizedText, Reason } from '../types.js';
import type { DisplayScan } from './display-scan.js';
import { scanDisplay } from './display-scan.js';
import { findLinks } from './links.js';
import type { FoundLink } from './links.js';
import { locateInOriginal } from './locate.js';
import {
  CALL_TO_ACTION, CALL_TO_ACTION_ANCHORS, CHAR_FLOOD, CONTACT_PHRASE, CONTACT_PHRASE_ANCHORS, CRYPTO_LURE_CONTEXT,
  CRYPTO_TERM, CRYPTO_TERM_ANCHORS, EMAIL, EMOJI, MONEY_LURE, MONEY_LURE_ANCHORS, PHONE, SELF_PROMOTION,
  SELF_PROMOTION_ANCHORS, YEAR_LIST,
} from './patterns.js';
import { PhraseGate } from './phrase-gate.js';
import { isReferenceDomain, isShortener } from './shorteners.js';
import { matchSpan, toTokenText } from './token-text.js';
import type { TokenText } from './token-text.js';

/** The rule features the classifier learns a weight for, in this fixed order. */
export const SPAM_RULE_FEATURES = [
  'link', 'links_many', 'shortener', 'self_promotion', 'call_to_action', 'contact_details', 'money_lure',
  'crypto_lure', 'shouting', 'char_flood', 'emoji_flood',
] as const;
export type SpamRuleFeature = (typeof SPAM_RULE_FEATURES)[number];

const FEATURE_INDEX = Object.fromEntries(SPAM_RULE_FEATURES.map((feature, i) => [feature, i])) as Record<SpamRuleFeature, number>;

/** The rule features that fired, as the classifier's dense values (1 fired, 0 not) in SPAM_RULE_FEATURES order. */
class FiredRules {
  readonly dense: number[] = new Array<number>(SPAM_RULE_FEATURES.length).fill(0);

  add(feature: SpamRuleFeature): void {
    this.dense[FEATURE_INDEX[feature]] = 1;
  }
}

export interface SpamSignals {
  /** Values of SPAM_RULE_FEATURES, same order. */
  dense: number[];
  reasons: Reason[];
  domains: string[];
  blocked: boolean;
}

const MESSAGES: Record<string, string> = {
  link: 'contains a link',
  shortener: 'link through a URL shortener hides its destination',
  blocked_domain: 'link to a domain this publisher blocks',
  self_promotion: 'promotes the author\'s own channel or page',
  call_to_action: 'asks readers to click, visit or sign up',
  contact_details: 'gives contact details or asks to be contacted privately',
  money_lure: 'offers money, prizes or earnings',
  crypto_lure: 'crypto or trading pitch',
  shouting: 'mostly in capital letters',
  char_flood: 'long run of repeated characters',
  emoji_flood: 'flood of emoji',
};

function reason(code: string, span: [number, number] | undefined, detail?: string): Reason {
  const message = detail ? `${MESSAGES[code] ?? code}: ${detail}` : (MESSAGES[code] ?? code);
  return span ? { code, message, span } : { code, message };
}

/** Which phrase patterns can match at all (bit per pattern, in this order). */
const PHRASE_GATE = new PhraseGate([
  SELF_PROMOTION_ANCHORS, CALL_TO_ACTION_ANCHORS, MONEY_LURE_ANCHORS, CRYPTO_TERM_ANCHORS, CONTACT_PHRASE_ANCHORS,
]);
/** Which phrase patterns a token holds an anchor of (the compiled spam bag remembers it per token). */
export function phrasesAnchoredBy(token: string): number {
  return PHRASE_GATE.bitsOfToken(token);
}

const MAY_SELF_PROMOTE = 1;
const MAY_CALL_TO_ACTION = 2;
const MAY_LURE_MONEY = 4;
const MAY_NAME_CRYPTO = 8;
const MAY_ASK_CONTACT = 16;

/**
 * `ownDomains`: the site's own domains (a link to another article on the same site is not promotion); in training
 * these are YouTube's, whose share button pastes a link to the video into the comment. `possiblePhrases`: the OR of
 * `phrasesAnchoredBy` over the tokens when the caller has it (the spam bag does), else it is worked out here.
 */
export function detectSpamSignals(
  text: NormalizedText,
  blockedDomains: readonly string[],
  ownDomains: readonly string[] = [],
  possiblePhrases: number = PHRASE_GATE.scan(text.tokens),
): SpamSignals {
  const reasons: Reason[] = [];
  const fired = new FiredRules();
  const scan = scanDisplay(text.display);
  const links = findLinks(text.display, scan.mayLink);
  const domains = links.length === 0 ? [] : [...new Set(links.map((link) => link.domain))];
  const blocked = linkReasons(text, links, { blockedDomains, ownDomains }, reasons, fired);
  const possible = possiblePhrases;
  const tokenText = possible === 0 ? undefined : toTokenText(text.tokens);
  if (tokenText) {
    if (possible & MAY_SELF_PROMOTE) phraseReason(text, tokenText, SELF_PROMOTION, 'self_promotion', reasons, fired);
    if (possible & MAY_CALL_TO_ACTION) phraseReason(text, tokenText, CALL_TO_ACTION, 'call_to_action', reasons, fired);
    if (possible & MAY_LURE_MONEY) phraseReason(text, tokenText, MONEY_LURE, 'money_lure', reasons, fired);
    if (possible & MAY_NAME_CRYPTO) cryptoReason(text, tokenText, reasons, fired);
  }
  contactReasons(text, scan, possible & MAY_ASK_CONTACT ? tokenText : undefined, reasons, fired);
  shoutingReason(text, scan, reasons, fired);
  floodReasons(text, scan, reasons, fired);
  return { dense: fired.dense, reasons, domains, blocked };
}

function linkReasons(
  text: NormalizedText,
  links: FoundLink[],
  lists: { blockedDomains: readonly string[]; ownDomains: readonly string[] },
  reasons: Reason[],
  fired: FiredRules,
): boolean {
  let blocked = false;
  let counted = 0;
  for (const link of links) {
    const span = locateInOriginal(text, text.display, link.start, link.end);
    if (lists.blockedDomains.includes(link.domain)) {
      blocked = true;
      reasons.push(reason('blocked_domain', span, link.domain));
    } else if (isShortener(link.domain)) {
      fired.add('shortener');
      reasons.push(reason('shortener', span, link.domain));
    } else if (isReferenceDomain(link.domain) || lists.ownDomains.includes(link.domain)) {
      reasons.push({ ...reason('link', span, `${link.domain} (a reference source or this site)`), weight: 0 });
      continue;
    } else reasons.push(reason('link', span, link.domain));
    counted++;
  }
  if (counted > 0) fired.add('link');
  if (counted > 1) fired.add('links_many');
  return blocked;
}

function phraseReason(
  text: NormalizedText,
  tokenText: TokenText,
  pattern: RegExp,
  code: SpamRuleFeature,
  reasons: Reason[],
  fired: FiredRules,
): void {
  pattern.lastIndex = 0;
  const m = pattern.exec(tokenText.joined);
  if (!m) return;
  fired.add(code);
  const span = matchSpan(text, tokenText, m.index, m.index + m[0].length);
  reasons.push(reason(code, span, asWritten(text, span, m[0])));
}

/** The matched words quoted as the author wrote them ("Make $5000"), not as matched (lower case, symbols dropped). */
function asWritten(text: NormalizedText, span: [number, number] | undefined, matched: string): string {
  return `"${span ? text.original.slice(span[0], span[1]) : matched}"`;
}

function cryptoReason(text: NormalizedText, tokenText: TokenText, reasons: Reason[], fired: FiredRules): void {
  const term = CRYPTO_TERM.exec(tokenText.joined);
  if (!term || !CRYPTO_LURE_CONTEXT.test(tokenText.joined)) return;
  fired.add('crypto_lure');
  const span = matchSpan(text, tokenText, term.index, term.index + term[0].length);
  reasons.push(reason('crypto_lure', span, asWritten(text, span, term[0])));
}

/** `tokenText` is undefined when no contact phrase can match. */
function contactReasons(
  text: NormalizedText,
  scan: DisplayScan,
  tokenText: TokenText | undefined,
  reasons: Reason[],
  fired: FiredRules,
): void {
  const found: Array<[number, number, string]> = [];
  const display = text.display;
  EMAIL.lastIndex = 0;
  if (scan.mayEmail) {
    for (let m = EMAIL.exec(display); m; m = EMAIL.exec(display)) found.push([m.index, m.index + m[0].length, 'e-mail address']);
  }
  PHONE.lastIndex = 0;
  for (let m = scan.digits >= 9 && NINE_DIGITS.test(display) ? PHONE.exec(display) : null; m; m = PHONE.exec(display)) {
    const digits = m[0].replace(/\D/g, '').length;
    if (digits >= 9 && digits <= 15 && !YEAR_LIST.test(m[0].trim())) found.push([m.index, m.index + m[0].length, 'phone number']);
  }
  for (const [start, end, what] of found) {
    reasons.push(reason('contact_details', locateInOriginal(text, text.display, start, end), what));
  }
  if (!tokenText) {
    if (found.length > 0) fired.add('contact_details');
    return;
  }
  CONTACT_PHRASE.lastIndex = 0;
  const phrase = CONTACT_PHRASE.exec(tokenText.joined);
  if (phrase) {
    reasons.push(reason('contact_details', matchSpan(text, tokenText, phrase.index, phrase.index + phrase[0].length), `"${phrase[0]}"`));
  }
  if (found.length > 0 || phrase) fired.add('contact_details');
}

/** A phone number has at least nine digits: skip the phone pattern for text that has fewer. */
const NINE_DIGITS = /(?:\d\D{0,3}){9}/;

const CAPS_WORD = /\b\p{Lu}{3,}\b/gu;

function shoutingReason(text: NormalizedText, scan: DisplayScan, reasons: Reason[], fired: FiredRules): void {
  const { letters, upper } = scan;
  if (letters < 12 || upper / letters < 0.7) return;
  CAPS_WORD.lastIndex = 0;
  const words = [...text.display.matchAll(CAPS_WORD)];
  if (words.length < 2) return;
  const first = words[0];
  const last = words[words.length - 1];
  const span = first && last ? locateInOriginal(text, text.display, first.index, last.index + last[0].length) : undefined;
  fired.add('shouting');
  reasons.push(reason('shouting', span, `${Math.round((100 * upper) / letters)}% capitals`));
}

function floodReasons(text: NormalizedText, scan: DisplayScan, reasons: Reason[], fired: FiredRules): void {
  CHAR_FLOOD.lastIndex = 0;
  const flood = scan.mayFlood ? CHAR_FLOOD.exec(text.display) : null;
  EMOJI.lastIndex = 0;
  if (flood && !EMOJI.test(flood[0])) {
    fired.add('char_flood');
    reasons.push(reason('char_flood', locateInOriginal(text, text.display, flood.index, flood.index + flood[0].length)));
  }
  if (!scan.nonAscii) return;
  EMOJI.lastIndex = 0;
  let count = 0;
  let first = -1;
  let last = -1;
  for (let m = EMOJI.exec(text.display); m; m = EMOJI.exec(text.display)) {
    count++;
    if (first < 0) first = m.index;
    last = m.index + m[0].length;
  }
  EMOJI.lastIndex = 0;
  if (count >= 6) {
    fired.add('emoji_flood');
    reasons.push(reason('emoji_flood', locateInOriginal(text, text.display, first, last), `${count} emoji`));
  }
}
