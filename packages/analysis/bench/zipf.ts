/** Word frequencies in text follow Zipf's law; the benches draw synthetic comments from such a ranking. */

/** The most frequent English words, most frequent first (heads the Zipf ranking). */
export const COMMON_WORDS = (
  'the to and a of i is in it that you this for be on not with are have was but they as so just what at all ' +
  'if my do we can he about like no people your one will would there or an more from by out up me his them ' +
  'get their our has who think how know should been only now even when than time because why really too ' +
  'then some also she her any these good were much very did those make right want over need said back going ' +
  'first way news well still country government years'
).split(' ');

export interface ZipfVocabulary {
  words: string[];
  /** Cumulative probability by rank, rank r drawn with probability ∝ 1/r. */
  cumulative: Float64Array;
}

export function zipfVocabulary(words: string[]): ZipfVocabulary {
  const cumulative = new Float64Array(words.length);
  let sum = 0;
  for (let r = 0; r < words.length; r++) {
    sum += 1 / (r + 1);
    cumulative[r] = sum;
  }
  for (let r = 0; r < words.length; r++) cumulative[r] = (cumulative[r] ?? 0) / sum;
  return { words, cumulative };
}

/** The word whose cumulative probability first reaches `target` (a uniform draw in [0, 1)). */
export function zipfWord({ words, cumulative }: ZipfVocabulary, target: number): string | undefined {
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((cumulative[mid] ?? 1) < target) low = mid + 1;
    else high = mid;
  }
  return words[low];
}
