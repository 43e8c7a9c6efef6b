import { parse } from 'tldts';
import { scanDisplay } from './display-scan.js';

export interface FoundLink {
  /** Offsets into the string that was searched. */
  start: number;
  end: number;
  url: string;
  /** Registrable domain (tldts getDomain), lower-case. */
  domain: string;
}

/**
 * URLs with a scheme, `www.` hosts, bare domains (`bit.ly/x`, `murdev.com`) and spelled-out ones (`site dot com`).
 * A bare `word.word` is a link only when its suffix is a real public suffix AND either a path follows or the suffix
 * is one that spammers use as a word would not be ("end.Next" must not become a link to a `.next` domain).
 */
const LINK =
  /\b(?:https?:\/\/|www\.)[^\s<>"'`]+|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?::\d{2,5})?(?:\/[^\s<>"'`]*)?|\b[a-z0-9][a-z0-9-]{1,}\s*[([]?\s*dot\s*[)\]]?\s*[([]?(?:com|net|org|info|ru|io|co|biz|xyz)\b/giu;

const COMMON_BARE_SUFFIXES = new Set([
  'com', 'net', 'org', 'info', 'biz', 'io', 'co', 'ly', 'me', 'tv', 'xyz', 'ru', 'de', 'uk', 'us', 'ca', 'in', 'cn',
  'fr', 'es', 'it', 'nl', 'pl', 'br', 'au', 'jp', 'online', 'site', 'club', 'top', 'shop', 'store', 'app', 'link',
  'live', 'gl', 'gd', 'cc', 'to', 'ws', 'su', 'tk', 'ml', 'ga', 'cf', 'gq', 'pw', 'ee', 'at', 'ch', 'se', 'no',
]);

const SPELLED_DOT = /\s*[([]?\s*dot\s*[)\]]?\s*[([]?/iu;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}'"]+$/u;

/** Every link form has a dot between two word characters or the word "dot": most comments are skipped here. */
const MAYBE_LINK = /[\p{L}\p{N}]\.[\p{L}\p{N}]|\bdot\b/iu;

/** `mayLink`: scanDisplay's cheap necessary condition for MAYBE_LINK (the regex is slow with its Unicode classes). */
export function findLinks(text: string, mayLink = scanDisplay(text).mayLink): FoundLink[] {
  const links: FoundLink[] = [];
  if (!mayLink || !MAYBE_LINK.test(text)) return links;
  LINK.lastIndex = 0;
  for (let m = LINK.exec(text); m; m = LINK.exec(text)) {
    const raw = m[0].replace(TRAILING_PUNCTUATION, '');
    const spelled = !raw.includes('.'); // only the spelled-out alternative matches without a dot
    const url = spelled ? raw.replace(SPELLED_DOT, '.') : raw;
    const domain = domainOf(url, /^(?:https?:\/\/|www\.)/i.test(url));
    if (domain) links.push({ start: m.index, end: m.index + raw.length, url, domain });
  }
  return links;
}

function domainOf(url: string, explicit: boolean): string | undefined {
  const host = url.replace(/^https?:\/\//i, '').split(/[/?#:]/, 1)[0]?.toLowerCase() ?? '';
  const parsed = parse(host);
  if (!parsed.domain) return undefined;
  if (parsed.isIp) return host;
  if (explicit) return parsed.domain;
  if (!parsed.isIcann || !parsed.publicSuffix) return undefined;
  const hasPath = url.includes('/');
  const suffix = parsed.publicSuffix.split('.').pop() ?? '';
  return hasPath || COMMON_BARE_SUFFIXES.has(suffix) ? parsed.domain : undefined;
}
