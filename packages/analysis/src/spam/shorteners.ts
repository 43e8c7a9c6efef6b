/**
 * Registrable domains of public URL shorteners and link-in-bio redirectors: a link through one hides where it goes,
 * which is what comment spam wants (youtu.be is left out: it always leads to YouTube). Compared with tldts' getDomain() of each link, so list registrable domains only.
 */
export const SHORTENER_DOMAINS: ReadonlySet<string> = new Set([
  'adf.ly', 'bc.vc', 'bit.do', 'bit.ly', 'bitly.com', 'buff.ly', 'cutt.ly', 'db.tt', 'dlvr.it', 'fb.me', 'goo.gl',
  'gg.gg', 'is.gd', 'j.mp', 'lnkd.in', 'linktr.ee', 'ow.ly', 'po.st', 'qr.ae', 'rb.gy', 'rebrand.ly', 's.id',
  'shorte.st', 'shorturl.at', 'snip.ly', 't.co', 't.ly', 'tiny.cc', 'tinyurl.com', 'tr.im', 'trib.al', 'u.to',
  'v.gd', 'x.co', 'amzn.to', 'ift.tt', 'lnk.to', 'smarturl.it', 'cli.gs', 'clck.ru', 'soo.gd', 'short.io',
  'shorturl.com', 'tiny.one', 'zpr.io', 'hyperurl.co', 'bl.ink', 'mcaf.ee', 'su.pr', 'vk.cc', 'ouo.io', 'exe.io',
  'urlz.fr', '1url.com', 'rlu.ru', 'q.gs', 'adfoc.us', 'sh.st', 'bitly.is', 'beacons.ai', 'lnk.bio', 'allmylinks.com',
]);

export function isShortener(domain: string): boolean {
  return SHORTENER_DOMAINS.has(domain);
}

/**
 * Sources readers cite in news comments (governments, universities, encyclopedias, wire services, public
 * broadcasters). A link there is reported but does not count towards spam: citing a ruling is not promotion.
 */
const REFERENCE_DOMAINS: ReadonlySet<string> = new Set([
  'wikipedia.org', 'wikimedia.org', 'archive.org', 'who.int', 'un.org', 'europa.eu', 'reuters.com', 'apnews.com',
  'bbc.co.uk', 'bbc.com', 'npr.org', 'pbs.org', 'doi.org', 'nih.gov', 'nature.com', 'science.org',
]);
const REFERENCE_SUFFIX = /\.(?:gov|edu|mil|int)(?:\.[a-z]{2})?$|\.(?:gov|ac)\.[a-z]{2}$/;

export function isReferenceDomain(domain: string): boolean {
  return REFERENCE_DOMAINS.has(domain) || REFERENCE_SUFFIX.test(domain);
}
