/**
 * Duplicate lookup at scale: `npm run bench duplicates`, or alone
 * `node --conditions=source --import tsx packages/analysis/bench/duplicates.ts [--max 1000000]`.
 *
 * Fills an LshIndex with 10,000 and then 1,000,000 fingerprints of synthetic comments (10–60 real English words
 * drawn from a Zipf-distributed 50,000-word vocabulary, so common words are shared as in real text), fingerprinted with the
 * shipped settings through the real code path from tokens on. At each size it times lookups of fresh comments
 * (every candidate is spurious) and of near copies of stored comments (one word changed, one typo), and prints
 * µs per lookup and candidates per lookup side by side: with an indexed lookup neither grows with the store.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { fingerprintText, LshIndex, parseDuplicateSettings, type DuplicateSettings } from '../src/duplicates/index.js';
import { seededRandom } from '../src/duplicates/hash.js';
import { DEFAULT_MODELS_DIR, MODEL_FILES } from '../src/models.js';
import { normalize } from '../src/normalize/index.js';
import type { Fingerprint, NormalizedText } from '../src/types.js';
import { COMMON_WORDS, zipfVocabulary, zipfWord, type ZipfVocabulary } from './zipf.js';

const QUERIES = 2000;
const VOCABULARY = 50_000;

const COMMON = COMMON_WORDS;

/**
 * Real English words (natural's POS lexicon, an installed dependency), ranked with the common words first and
 * the rest in a seeded order; rank r is drawn with probability ∝ 1/r (Zipf), as word frequencies are in text.
 */
function makeVocabulary(random: () => number): ZipfVocabulary {
  const require = createRequire(import.meta.url);
  const lexiconPath = join(dirname(require.resolve('natural')), 'brill_pos_tagger', 'data', 'English', 'lexicon_from_posjs.json');
  const lexicon = Object.keys(JSON.parse(readFileSync(lexiconPath, 'utf8')) as Record<string, unknown>)
    .filter((w) => /^[a-z]{3,14}$/.test(w) && !COMMON.includes(w))
    .sort();
  for (let i = lexicon.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [lexicon[i], lexicon[j]] = [lexicon[j] as string, lexicon[i] as string];
  }
  return zipfVocabulary([...COMMON, ...lexicon].slice(0, VOCABULARY));
}

class CommentSource {
  private readonly random = seededRandom(2026);
  private readonly vocabulary = makeVocabulary(this.random);

  /** Tokens of a comment of `length` words (10–60 when not given). */
  tokens(length = 10 + Math.floor(this.random() * 51)): string[] {
    return Array.from({ length }, () => this.word());
  }

  private word(): string {
    return zipfWord(this.vocabulary, this.random()) ?? '';
  }

  /** One word replaced and one letter dropped: a near copy that normalization does not undo. */
  nearCopy(tokens: readonly string[]): string[] {
    const copy = [...tokens];
    copy[Math.floor(this.random() * copy.length)] = this.word();
    const at = Math.floor(this.random() * copy.length);
    const word = copy[at] ?? '';
    if (word.length > 3) copy[at] = word.slice(0, 2) + word.slice(3);
    return copy;
  }
}

/** The normalized form of generated tokens (already lower-case words), without paying for normalize(). */
function asNormalized(tokens: string[]): NormalizedText {
  const text = tokens.join(' ');
  return { original: text, display: text, folded: text, tokens };
}

/**
 * CPU time of this process in µs: on a machine shared with other work, wall-clock time also counts the time
 * this process waited for a core.
 */
function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

interface LookupFigures {
  microseconds: number;
  candidates: number;
  found?: number;
}

function timeLookups(index: LshIndex, queries: ReadonlyArray<{ fingerprint: Fingerprint; id?: string }>): LookupFigures {
  for (const q of queries.slice(0, 200)) index.query(q.fingerprint);
  let candidates = 0;
  let found = 0;
  const rounds = 5;
  const started = cpuMicros();
  for (let r = 0; r < rounds; r++) {
    for (const q of queries) {
      const ids = index.query(q.fingerprint);
      candidates += ids.length;
      if (q.id !== undefined && ids.includes(q.id)) found++;
    }
  }
  const elapsed = cpuMicros() - started;
  const lookups = rounds * queries.length;
  const figures: LookupFigures = { microseconds: elapsed / lookups, candidates: candidates / lookups };
  if (queries[0]?.id !== undefined) figures.found = found / lookups;
  return figures;
}

function timeFingerprints(settings: DuplicateSettings, source: CommentSource): { fingerprint: number; withNormalize: number } {
  const comments = Array.from({ length: 2000 }, () => source.tokens(40));
  const texts = comments.map((t) => `${t.join(' ')}.`);
  const normalized = comments.map(asNormalized);
  const time = (work: (i: number) => void): number => {
    for (let i = 0; i < 2000; i++) work(i);
    const started = cpuMicros();
    const n = 20_000;
    for (let i = 0; i < n; i++) work(i % 2000);
    return (cpuMicros() - started) / n;
  };
  return {
    fingerprint: time((i) => fingerprintText(normalized[i] as NormalizedText, settings)),
    withNormalize: time((i) => fingerprintText(normalize(texts[i] ?? ''), settings)),
  };
}

function main(): void {
  const { values } = parseArgs({ options: { max: { type: 'string', default: '1000000' } } });
  const sizes = [10_000, Number.parseInt(values.max, 10)];
  const settings = parseDuplicateSettings(JSON.parse(readFileSync(join(DEFAULT_MODELS_DIR, MODEL_FILES.duplicates), 'utf8')));
  const source = new CommentSource();
  console.log(`duplicates: settings ${settings.version} (${settings.shingle.unit} ${settings.shingle.size}-shingles, ` +
    `${settings.method} ×${settings.numHashes}, ${settings.bands} bands × ${settings.rows} rows, threshold ${settings.threshold})`);
  const speed = timeFingerprints(settings, source);
  console.log(`fingerprint of a 40-word comment (CPU time): ${speed.fingerprint.toFixed(1)} µs from tokens, ` +
    `${speed.withNormalize.toFixed(1)} µs with normalize()`);

  const index = new LshIndex();
  const stored: string[][] = [];
  const fresh = Array.from({ length: QUERIES }, () => ({ fingerprint: fingerprintText(asNormalized(source.tokens()), settings) }));
  const rows: string[] = [];
  const started = Date.now();
  for (const size of sizes) {
    while (index.size < size) {
      const tokens = source.tokens();
      if (stored.length < 50_000) stored.push(tokens);
      index.add(`c${index.size}`, fingerprintText(asNormalized(tokens), settings));
    }
    // Near copies of comments stored at the start, so both sizes look up the same kind of target.
    const near = stored.slice(0, QUERIES).map((tokens, i) => ({
      id: `c${i}`,
      fingerprint: fingerprintText(asNormalized(source.nearCopy(tokens)), settings),
    }));
    const freshFigures = timeLookups(index, fresh);
    const nearFigures = timeLookups(index, near);
    global.gc?.();
    const memory = process.memoryUsage();
    const heap = memory.heapUsed / 2 ** 20;
    const rss = memory.rss / 2 ** 20;
    rows.push(
      `${index.size.toLocaleString('en-US').padStart(10)}  ${freshFigures.microseconds.toFixed(2).padStart(9)}  ` +
        `${freshFigures.candidates.toFixed(3).padStart(10)}  ${nearFigures.microseconds.toFixed(2).padStart(9)}  ` +
        `${nearFigures.candidates.toFixed(3).padStart(10)}  ${((nearFigures.found ?? 0) * 100).toFixed(1).padStart(6)}%  ` +
        `${(index.tableBytes / 2 ** 20).toFixed(0).padStart(9)}  ${heap.toFixed(0).padStart(8)}  ${rss.toFixed(0).padStart(7)}`,
    );
    process.stderr.write(`  filled ${index.size.toLocaleString('en-US')} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
  console.log('    stored  fresh µs/  fresh cand  near µs/   near cand   found  index MB   heap MB   rss MB');
  for (const row of rows) console.log(row);
  console.log('µs are CPU time per lookup (index query only); cand = stored comments returned per lookup. fresh: a new');
  console.log('unrelated comment, every candidate spurious; near: one word changed + one typo in a stored comment, found =');
  console.log('share of lookups that return that stored comment.');
}

main();
