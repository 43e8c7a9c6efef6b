/**
 * Deterministic, realistic-looking reader comments for benchmarks: news-comment vocabulary with some opinion
 * words, negations, punctuation, the odd emoji, link or leetspeak, at a chosen word count.
 */
const WORDS = (
  'the talks in istanbul are a good step but without real commitment from both sides nothing will change ' +
  'pakistan afghanistan border security ceasefire peace officials said today monitoring mechanism is essential ' +
  'i think this is great news and i hope it works people have suffered for years this is not enough ' +
  'they should focus on trade and jobs instead the government keeps failing its citizens honestly ' +
  'what a terrible decision really disappointing yet somewhat hopeful diplomacy always takes time ' +
  'qatar turkey mediation helped a lot dialogue matters more than airstrikes violence never solves anything'
).split(' ');
const EXTRAS = ['!', '?', '.', ',', '😂', '👍', '🙏', 'http://bit.ly/x3k9', 'fr3e', 'soooo', 'NEVER', ':)'];

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function makeComments(count: number, words: number, seed = 40): string[] {
  const next = random(seed);
  const comments: string[] = [];
  for (let c = 0; c < count; c++) {
    const parts: string[] = [];
    for (let w = 0; w < words; w++) {
      let word = WORDS[Math.floor(next() * WORDS.length)] ?? 'news';
      if (w === 0 || parts[parts.length - 1]?.endsWith('.')) word = word[0]?.toUpperCase() + word.slice(1);
      if (next() < 0.08) word += EXTRAS[Math.floor(next() * 4)] ?? '';
      parts.push(word);
      if (next() < 0.03) parts.push(EXTRAS[4 + Math.floor(next() * (EXTRAS.length - 4))] ?? '');
    }
    comments.push(parts.join(' ') + '.');
  }
  return comments;
}
