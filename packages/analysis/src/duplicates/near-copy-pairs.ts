import { seededRandom } from './hash.js';
import { EVASIONS, applyEvasion, pick } from './evasions.js';
import type { EvasionName, Random } from './evasions.js';

/** A text from a labelled corpus; `group` is where it came from (a video, a file), for same-topic negatives. */
export interface SourceText {
  group: string;
  text: string;
}

export interface LabelledPair {
  a: string;
  b: string;
  label: 'duplicate' | 'distinct';
  /** How the pair was made: the evasions applied, or the kind of distinct pair. */
  kind: string;
}

export interface NearCopyOptions {
  seed: number;
  n: number;
  /** Base texts need at least this many words (default 8). */
  minWords?: number;
  /** At most this many texts per group are used (default 2000), sampled by the seed. */
  maxPerGroup?: number;
}

/** Texts sharing at least this word-set Jaccard with a kept text are dropped, so "distinct" pairs are not real copies. */
const SOURCE_DEDUP_JACCARD = 0.5;
const CLOSEST_OF = 40;

/**
 * Seeded labelled pairs, half near-copies and half distinct. A near-copy applies 1–3 different evasions to a base
 * text. Distinct pairs are a third each: two random texts; a text and the most word-overlapping of 40 texts from
 * the same group (same video or file: same topic); and the same template (a shared 25–50% prefix or suffix)
 * completed with different content.
 */
export function makeNearCopyPairs(sources: readonly SourceText[], options: NearCopyOptions): LabelledPair[] {
  const random = seededRandom(options.seed);
  const texts = prepareSources(sources, options.minWords ?? 8, options.maxPerGroup ?? 2000, random);
  if (texts.length < 8) throw new Error(`near-copy generator: only ${texts.length} usable source texts (need ≥ 8)`);
  const byGroup = groupIndexes(texts);
  const order = shuffled(texts.length, random);
  const pairs: LabelledPair[] = [];
  for (let i = 0; i < options.n; i++) {
    const base = texts[order[i % order.length] ?? 0] as PreparedText;
    pairs.push(i % 2 === 0 ? nearCopy(base.text, random) : distinct(base, texts, byGroup, random));
  }
  return pairs;
}

interface PreparedText extends SourceText {
  words: string[];
  wordSet: Set<string>;
}

function nearCopy(text: string, random: Random): LabelledPair {
  const count = random() < 0.4 ? 1 : random() < 0.6 ? 2 : 3;
  const pool = [...EVASIONS];
  const applied: EvasionName[] = [];
  let b = text;
  while (applied.length < count || b === text) {
    const name = pool.splice(Math.floor(random() * pool.length), 1)[0];
    if (name === undefined) break;
    b = applyEvasion(name, b, random);
    applied.push(name);
  }
  return { a: text, b, label: 'duplicate', kind: applied.join('+') };
}

function distinct(base: PreparedText, texts: PreparedText[], byGroup: Map<string, number[]>, random: Random): LabelledPair {
  const roll = random();
  if (roll < 1 / 3) return { a: base.text, b: otherThan(base, texts, random).text, label: 'distinct', kind: 'random' };
  if (roll < 2 / 3) {
    const b = closestInGroup(base, texts, byGroup.get(base.group) ?? [], random);
    return { a: base.text, b: b.text, label: 'distinct', kind: 'same_topic' };
  }
  return sharedTemplate(base, texts, random);
}

function otherThan(base: PreparedText, texts: PreparedText[], random: Random): PreparedText {
  for (;;) {
    const other = pick(texts, random);
    if (other !== base) return other;
  }
}

function closestInGroup(base: PreparedText, texts: PreparedText[], group: number[], random: Random): PreparedText {
  let best: PreparedText | undefined;
  let bestOverlap = -1;
  for (let k = 0; k < CLOSEST_OF && group.length > 1; k++) {
    const other = texts[pick(group, random)];
    if (!other || other === base) continue;
    const overlap = jaccard(base.wordSet, other.wordSet);
    if (overlap > bestOverlap) [best, bestOverlap] = [other, overlap];
  }
  return best ?? otherThan(base, texts, random);
}

function sharedTemplate(base: PreparedText, texts: PreparedText[], random: Random): LabelledPair {
  const shared = Math.max(2, Math.round(base.words.length * (0.25 + 0.25 * random())));
  const rest = base.words.length - shared;
  const asPrefix = random() < 0.5;
  const template = asPrefix ? base.words.slice(0, shared) : base.words.slice(base.words.length - shared);
  const used = new Set([base]);
  const join = (content: string[]): string => (asPrefix ? [...template, ...content] : [...content, ...template]).join(' ');
  const a = join(contentOf(used, texts, rest, random));
  const b = join(contentOf(used, texts, rest, random));
  return { a, b, label: 'distinct', kind: asPrefix ? 'template_prefix' : 'template_suffix' };
}

/** `count` words of content from texts not used yet (a second text tops up a short one); marks them used. */
function contentOf(used: Set<PreparedText>, texts: PreparedText[], count: number, random: Random): string[] {
  const words: string[] = [];
  while (words.length < count && used.size < texts.length) {
    const other = pick(texts, random);
    if (used.has(other)) continue;
    used.add(other);
    words.push(...other.words);
  }
  return words.slice(0, count);
}

/** Source texts with at least `minWords` words, sampled and freed of near repeats as for the pairs. */
export function distinctSourceTexts(sources: readonly SourceText[], options: Omit<NearCopyOptions, 'n'>): string[] {
  const random = seededRandom(options.seed);
  return prepareSources(sources, options.minWords ?? 8, options.maxPerGroup ?? 2000, random).map((t) => t.text);
}

/** Usable base texts: enough words, at most `maxPerGroup` per group, without exact or near repeats among them. */
function prepareSources(sources: readonly SourceText[], minWords: number, maxPerGroup: number, random: Random): PreparedText[] {
  const perGroup = new Map<string, PreparedText[]>();
  for (const source of sources) {
    const words = source.text.split(/\s+/).filter((w) => w !== '');
    if (words.length < minWords) continue;
    const list = perGroup.get(source.group) ?? [];
    list.push({ ...source, text: words.join(' '), words, wordSet: wordSet(source.text) });
    perGroup.set(source.group, list);
  }
  const sampled = [...perGroup.keys()].sort().flatMap((group) => {
    const list = perGroup.get(group) ?? [];
    return shuffled(list.length, random).slice(0, maxPerGroup).sort((x, y) => x - y).map((i) => list[i] as PreparedText);
  });
  return withoutNearRepeats(sampled);
}

/**
 * Drops texts with word-set Jaccard ≥ SOURCE_DEDUP_JACCARD to an earlier kept text. Prefix filtering keeps it
 * fast: such a text contains more than half of the kept text's words, so it shares one of that text's
 * ⌊|A|/2⌋+1 rarest words.
 */
function withoutNearRepeats(texts: PreparedText[]): PreparedText[] {
  const frequency = new Map<string, number>();
  for (const t of texts) for (const w of t.wordSet) frequency.set(w, (frequency.get(w) ?? 0) + 1);
  const rarestFirst = (t: PreparedText): string[] =>
    [...t.wordSet].sort((x, y) => (frequency.get(x) ?? 0) - (frequency.get(y) ?? 0) || (x < y ? -1 : 1));
  const postings = new Map<string, number[]>();
  const kept: PreparedText[] = [];
  for (const t of texts) {
    const ordered = rarestFirst(t);
    const seen = new Set<number>();
    let repeat = false;
    for (const w of ordered) {
      for (const k of postings.get(w) ?? []) {
        if (seen.has(k)) continue;
        seen.add(k);
        if (jaccard(t.wordSet, (kept[k] as PreparedText).wordSet) >= SOURCE_DEDUP_JACCARD) repeat = true;
      }
      if (repeat) break;
    }
    if (repeat || t.wordSet.size === 0) continue;
    for (const w of ordered.slice(0, Math.floor(ordered.length / 2) + 1)) {
      const list = postings.get(w) ?? [];
      list.push(kept.length);
      postings.set(w, list);
    }
    kept.push(t);
  }
  return kept;
}

function wordSet(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let both = 0;
  for (const w of a) if (b.has(w)) both++;
  return both / (a.size + b.size - both || 1);
}

function groupIndexes(texts: PreparedText[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  texts.forEach((t, i) => {
    const list = groups.get(t.group);
    if (list) list.push(i);
    else groups.set(t.group, [i]);
  });
  return groups;
}

function shuffled(length: number, random: Random): number[] {
  const order = Array.from({ length }, (_, i) => i);
  for (let i = length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order;
}
