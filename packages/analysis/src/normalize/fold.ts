import type { MappedText } from './display.js';
import { HOMOGLYPHS, isGreekOrCyrillic } from './homoglyphs.js';
import { foldLeetChar, isLeetChar, shouldFoldLeet } from './leet.js';

/**
 * Stage 2 of normalization: the matching form. Case folded, Latin diacritics stripped, homoglyphs and leetspeak
 * folded inside word tokens, 3+ repeats of a character collapsed to 2. Links, e-mail addresses and @mentions are
 * copied unchanged (lower-cased) so link parsing still works on the folded text.
 */
const LINK_LIKE = /(?:\/\/|www\.|[\p{L}\p{N}]\.(?:[a-z]{2,})(?:[/:?#]|$)|@[^\s@]*\.[a-z]{2,})/u;
const CANDIDATE = /[\p{L}\p{N}$@!|+*'’]+/gu;
const ALNUM = /[\p{L}\p{N}]/u;
const LATIN_LETTER = /\p{Script=Latin}/u;
const NON_ASCII = /[\u0080-\uffff]/;

const charCache = new Map<string, string>();
const MARKS = /\p{M}/gu;

/** Lower-case one code point, strip diacritics from Latin letters, fold typographic apostrophes. */
function foldChar(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 0x80) return code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : ch;
  let folded = charCache.get(ch);
  if (folded === undefined) {
    folded = ch.toLowerCase();
    if (ch === '’' || ch === '‘' || ch === 'ʼ') folded = "'";
    else if ((code >= 0xc0 && code <= 0x24f) || (code >= 0x1e00 && code <= 0x1eff)) {
      folded = folded.normalize('NFD').replace(MARKS, '');
    }
    if (charCache.size < 10_000) charCache.set(ch, folded);
  }
  return folded;
}

class FoldedBuilder {
  readonly out: string[] = [];
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  private last = '';
  private run = 0;

  push(ch: string, start: number, end: number, collapse: boolean): void {
    if (collapse && ch === this.last) {
      this.run++;
      if (this.run > 2) {
        // Dropped repeat: widen the kept character's range so spans still cover the whole run.
        const lastIndex = this.ends.length - 1;
        if (lastIndex >= 0) this.ends[lastIndex] = Math.max(this.ends[lastIndex] ?? end, end);
        return;
      }
    } else {
      this.last = ch;
      this.run = 1;
    }
    for (let k = 0; k < ch.length; k++) {
      this.out.push(ch[k] ?? '');
      this.starts.push(start);
      this.ends.push(end);
    }
  }
}

/** Code points of the lower-cased display text with their original ranges. */
interface Unit {
  ch: string;
  start: number;
  end: number;
}

function lowerUnits(display: MappedText): Unit[] {
  const units: Unit[] = [];
  const { text, starts, ends } = display;
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i) ?? 0;
    const ch = String.fromCodePoint(cp);
    const start = starts[i] ?? 0;
    const end = ends[i + ch.length - 1] ?? start;
    const folded = foldChar(ch);
    for (const f of folded) units.push({ ch: f, start, end });
    i += ch.length;
  }
  return units;
}

function mostlyLatin(units: Unit[]): boolean {
  let latin = 0;
  let other = 0;
  for (const u of units) {
    if (LATIN_LETTER.test(u.ch)) latin++;
    else if (isGreekOrCyrillic(u.ch)) other++;
  }
  return latin > other;
}

export function toFolded(display: MappedText): MappedText {
  const units = lowerUnits(display);
  const lower = units.map((u) => u.ch).join('');
  const docLatin = NON_ASCII.test(lower) ? mostlyLatin(units) : true;
  const builder = new FoldedBuilder();
  // Walk whitespace-separated chunks; `u` indexes units, `p` the matching position in `lower`.
  let p = 0;
  let u = 0;
  while (u < units.length) {
    const unit = units[u];
    if (unit === undefined) break;
    if (unit.ch === ' ' || unit.ch === '\n') {
      builder.push(unit.ch, unit.start, unit.end, true);
      p += unit.ch.length;
      u++;
      continue;
    }
    let uEnd = u;
    let pEnd = p;
    while (uEnd < units.length && units[uEnd]?.ch !== ' ' && units[uEnd]?.ch !== '\n') {
      pEnd += units[uEnd]?.ch.length ?? 0;
      uEnd++;
    }
    const chunk = units.slice(u, uEnd);
    const chunkText = lower.slice(p, pEnd);
    if (LINK_LIKE.test(chunkText)) for (const c of chunk) builder.push(c.ch, c.start, c.end, false);
    else foldChunk(chunk, chunkText, docLatin, builder);
    u = uEnd;
    p = pEnd;
  }
  return { text: builder.out.join(''), starts: builder.starts, ends: builder.ends };
}

/** Index into `chunk` (code-point units) for each UTF-16 offset of `text`. */
function unitIndexAt(chunk: Unit[]): number[] {
  const index: number[] = [];
  chunk.forEach((c, k) => {
    for (let j = 0; j < c.ch.length; j++) index.push(k);
  });
  return index;
}

function foldChunk(chunk: Unit[], text: string, docLatin: boolean, builder: FoldedBuilder): void {
  const at = unitIndexAt(chunk);
  let next = 0;
  CANDIDATE.lastIndex = 0;
  for (let m = CANDIDATE.exec(text); m !== null; m = CANDIDATE.exec(text)) {
    const from = at[m.index] ?? 0;
    const to = (at[m.index + m[0].length - 1] ?? from) + 1;
    for (let k = next; k < from; k++) pushUnit(chunk[k], builder);
    foldCandidate(chunk.slice(from, to), docLatin, builder);
    next = to;
  }
  for (let k = next; k < chunk.length; k++) pushUnit(chunk[k], builder);
}

function pushUnit(unit: Unit | undefined, builder: FoldedBuilder): void {
  if (unit) builder.push(unit.ch, unit.start, unit.end, true);
}

/** A run of letters, digits and leet symbols: trim edge punctuation, then fold homoglyphs and leet in the core. */
function foldCandidate(run: Unit[], docLatin: boolean, builder: FoldedBuilder): void {
  let lead = 0;
  while (lead < run.length && !ALNUM.test(run[lead]?.ch ?? '')) lead++;
  // "$hit": a dollar sign right before a letter is leet; "@name" is a mention and stays as typed.
  if (lead > 0 && run[lead - 1]?.ch === '$' && /\p{L}/u.test(run[lead]?.ch ?? '')) lead--;
  let trail = run.length;
  while (trail > lead && !ALNUM.test(run[trail - 1]?.ch ?? '')) trail--;
  for (let k = 0; k < lead; k++) pushUnit(run[k], builder);
  const core = run.slice(lead, trail);
  const mention = lead > 0 && run[lead - 1]?.ch === '@';
  const coreText = core.map((c) => c.ch).join('');
  const foldHomoglyphs = !mention && shouldFoldHomoglyphs(core, docLatin);
  const foldLeet = !mention && shouldFoldLeet(coreText);
  for (const c of core) {
    let ch = c.ch;
    if (foldHomoglyphs) ch = HOMOGLYPHS.get(ch) ?? ch;
    if (foldLeet && isLeetChar(ch)) ch = foldLeetChar(ch);
    builder.push(ch, c.start, c.end, true);
  }
  for (let k = trail; k < run.length; k++) pushUnit(run[k], builder);
}

function shouldFoldHomoglyphs(core: Unit[], docLatin: boolean): boolean {
  let latin = false;
  let confusable = false;
  let otherScript = false;
  for (const c of core) {
    if (c.ch.charCodeAt(0) < 0x80) latin ||= /[a-z]/.test(c.ch);
    else if (HOMOGLYPHS.has(c.ch)) confusable = true;
    else if (isGreekOrCyrillic(c.ch)) otherScript = true;
  }
  if (!confusable) return false;
  // Mixed-script word, or a word made only of look-alikes in an otherwise Latin text.
  return latin || (!otherScript && docLatin);
}
