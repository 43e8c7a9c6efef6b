/**
 * Typical evasions a copy-paster applies to dodge a duplicate filter, each a pure function of the text and a
 * seeded random source. Used to generate labelled near-copy pairs for tuning and evaluation.
 */
export type Random = () => number;

export type EvasionName =
  | 'typos'
  | 'case'
  | 'punctuation'
  | 'emoji'
  | 'zero_width'
  | 'swap_words'
  | 'drop_words'
  | 'insert_word'
  | 'add_link'
  | 'homoglyphs_leet';

const EMOJI = ['😂', '🔥', '👍', '❤️', '😍', '🙏', '💯', '😎', '🤣', '✨', '👀', '🎉'];
const INVISIBLE = ['\u200b', '\u200c', '\u200d', '\u2060', '\u00ad', '\ufeff'];
const FILLERS = ['really', 'so', 'just', 'lol', 'honestly', 'guys', 'omg', 'very', 'totally', 'haha'];
const LINKS = ['https://bit.ly/3xQz9Lm', 'www.best-deals-now.com', 'http://tinyurl.com/y7kd2p', 'https://goo.gl/Xy12ab'];
const LOOK_ALIKES: Record<string, string> = { a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', x: 'х', i: 'і', y: 'у' };
const LEET: Record<string, string> = { a: '4', e: '3', i: '1', o: '0', s: '5', t: '7' };
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

export function pick<T>(items: readonly T[], random: Random): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick: empty list');
  return item;
}

const words = (text: string): string[] => text.split(/\s+/).filter((w) => w !== '');

/** Indexes of up to `count` distinct words with at least `minLetters` letters. */
function chooseWords(list: readonly string[], count: number, minLetters: number, random: Random): number[] {
  const eligible = list.flatMap((w, i) => ((w.match(/[a-z]/gi)?.length ?? 0) >= minLetters ? [i] : []));
  const chosen: number[] = [];
  while (chosen.length < count && eligible.length > 0) {
    chosen.push(...eligible.splice(Math.floor(random() * eligible.length), 1));
  }
  return chosen;
}

function mapWords(text: string, count: number, minLetters: number, random: Random, change: (w: string) => string): string {
  const list = words(text);
  for (const i of chooseWords(list, count, minLetters, random)) list[i] = change(list[i] ?? '');
  return list.join(' ');
}

function typo(word: string, random: Random): string {
  const at = 1 + Math.floor(random() * Math.max(1, word.length - 2));
  const kind = Math.floor(random() * 4);
  if (kind === 0) return word.slice(0, at - 1) + (word[at] ?? '') + (word[at - 1] ?? '') + word.slice(at + 1);
  if (kind === 1) return word.slice(0, at) + word.slice(at + 1);
  if (kind === 2) return word.slice(0, at) + pick([...LETTERS], random) + word.slice(at);
  return word.slice(0, at) + pick([...LETTERS], random) + word.slice(at + 1);
}

function changeCase(text: string, random: Random): string {
  const kind = Math.floor(random() * 4);
  if (kind === 0) return text.toUpperCase();
  if (kind === 1) return text.toLowerCase();
  if (kind === 2) return text.replace(/\b\p{L}/gu, (c) => c.toUpperCase());
  return [...text].map((c) => (random() < 0.3 ? c.toUpperCase() : c)).join('');
}

function changePunctuation(text: string, random: Random): string {
  const kind = Math.floor(random() * 4);
  if (kind === 0) return text.replace(/[.,!?;:"'()-]/g, '');
  if (kind === 1) return `${text.replace(/[.!?]*$/, '')}!!!`;
  if (kind === 2) return text.replace(/\s+/g, (s) => (random() < 0.2 ? ', ' : s));
  return text.replace(/[.!?]/g, (c) => c.repeat(3)).replace(/,/g, ' ,');
}

function insertBetweenWords(text: string, count: number, random: Random, make: () => string): string {
  const list = words(text);
  for (let k = 0; k < count; k++) list.splice(Math.floor(random() * (list.length + 1)), 0, make());
  return list.join(' ');
}

function insertInvisible(word: string, random: Random): string {
  const at = 1 + Math.floor(random() * Math.max(1, word.length - 1));
  return word.slice(0, at) + pick(INVISIBLE, random) + word.slice(at);
}

function swapAdjacent(text: string, random: Random): string {
  const list = words(text);
  if (list.length < 2) return text;
  const at = Math.floor(random() * (list.length - 1));
  [list[at], list[at + 1]] = [list[at + 1] ?? '', list[at] ?? ''];
  return list.join(' ');
}

function dropWords(text: string, random: Random): string {
  const list = words(text);
  const count = list.length >= 15 ? 2 : 1;
  for (let k = 0; k < count && list.length > 2; k++) list.splice(Math.floor(random() * list.length), 1);
  return list.join(' ');
}

function disguise(word: string, random: Random): string {
  const table = random() < 0.5 ? LOOK_ALIKES : LEET;
  return [...word].map((c) => (table[c] !== undefined && random() < 0.6 ? table[c] : c)).join('');
}

/** Applies one named evasion. */
export function applyEvasion(name: EvasionName, text: string, random: Random): string {
  switch (name) {
    case 'typos':
      return mapWords(text, 1 + Math.floor(random() * 2), 3, random, (w) => typo(w, random));
    case 'case':
      return changeCase(text, random);
    case 'punctuation':
      return changePunctuation(text, random);
    case 'emoji':
      return insertBetweenWords(text, 1 + Math.floor(random() * 3), random, () => pick(EMOJI, random));
    case 'zero_width':
      return mapWords(text, 1 + Math.floor(random() * 3), 2, random, (w) => insertInvisible(w, random));
    case 'swap_words':
      return swapAdjacent(text, random);
    case 'drop_words':
      return dropWords(text, random);
    case 'insert_word':
      return insertBetweenWords(text, 1, random, () => pick(FILLERS, random));
    case 'add_link':
      return random() < 0.5 ? `${text} ${pick(LINKS, random)}` : `${pick(LINKS, random)} ${text}`;
    case 'homoglyphs_leet':
      return mapWords(text, 1 + Math.floor(random() * 3), 3, random, (w) => disguise(w.toLowerCase(), random));
  }
}

export const EVASIONS: readonly EvasionName[] = [
  'typos', 'case', 'punctuation', 'emoji', 'zero_width', 'swap_words', 'drop_words', 'insert_word', 'add_link',
  'homoglyphs_leet',
];
