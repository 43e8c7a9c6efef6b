import { LEET_TRIGGER, charFlags } from './chars.js';
import { mappedUnits, unitsToString, type MappedText, type MappedUnits } from './mapped.js';

/**
 * The folded text under construction, one code point at a time with its range in the original. Repeats of the
 * same code point beyond two are dropped when `collapse` is set ("soooo" → "soo"), widening the kept one's range.
 */
export class FoldedBuilder {
  private readonly out: MappedUnits = mappedUnits();
  private last = -1;
  private run = 0;
  /** Some code point was dropped or replaced: the text is not just the lower-cased input. */
  private modified = false;

  reset(): void {
    this.out.length = 0;
    this.last = -1;
    this.run = 0;
    this.modified = false;
  }

  /** Pushes a code point that replaces the input's (a folded homoglyph or leet character). */
  pushReplaced(cp: number, start: number, end: number): void {
    this.modified = true;
    this.push(cp, start, end, true);
  }

  push(cp: number, start: number, end: number, collapse: boolean): void {
    const { out } = this;
    if (collapse && cp === this.last) {
      this.run++;
      if (this.run > 2) {
        // Dropped repeat: widen the kept character's range so spans still cover the whole run.
        this.modified = true;
        const lastIndex = out.length - 1;
        if (lastIndex >= 0) out.ends[lastIndex] = Math.max(out.ends[lastIndex] ?? end, end);
        return;
      }
    } else {
      this.last = cp;
      this.run = 1;
    }
    const at = out.length;
    if (cp > 0xffff) {
      out.units[at] = 0xd800 + ((cp - 0x10000) >> 10);
      out.starts[at] = start;
      out.ends[at] = end;
      out.units[at + 1] = 0xdc00 + ((cp - 0x10000) & 0x3ff);
      out.starts[at + 1] = start;
      out.ends[at + 1] = end;
      out.length = at + 2;
    } else {
      out.units[at] = cp;
      out.starts[at] = start;
      out.ends[at] = end;
      out.length = at + 1;
    }
  }

  /** Pushes code points cps[from, to) with their ranges, in one tight loop. */
  pushRange(cps: readonly number[], starts: readonly number[], ends: readonly number[], from: number, to: number, collapse: boolean): void {
    for (let k = from; k < to; k++) {
      const start = starts[k] ?? 0;
      this.push(cps[k] ?? 0, start, ends[k] ?? start, collapse);
    }
  }

  /**
   * Pushes, lower-cased, the ASCII chunk of `units` that starts at `from` and runs to the next space or newline,
   * and returns its end; or pushes nothing and returns -1 when the chunk holds a character that needs the full
   * folding rules ('.' or '/' of a possible link, a digit or symbol of possible leetspeak).
   */
  pushPlainAsciiChunk(units: readonly number[], starts: readonly number[], ends: readonly number[], from: number, length: number): number {
    const { units: outUnits, starts: outStarts, ends: outEnds } = this.out;
    let at = this.out.length;
    let { last, run, modified } = this;
    let k = from;
    for (; k < length; k++) {
      let cp = units[k] ?? 0;
      if (cp === 32 || cp === 10) break;
      if (cp === 0x2e || cp === 0x2f || (charFlags(cp) & LEET_TRIGGER) !== 0) return -1;
      if (cp >= 65 && cp <= 90) cp += 32;
      const start = starts[k] ?? 0;
      const end = ends[k] ?? start;
      if (cp === last) {
        if (++run > 2) {
          modified = true;
          if (at > 0) outEnds[at - 1] = Math.max(outEnds[at - 1] ?? end, end);
          continue;
        }
      } else {
        last = cp;
        run = 1;
      }
      outUnits[at] = cp;
      outStarts[at] = start;
      outEnds[at++] = end;
    }
    this.out.length = at;
    this.last = last;
    this.run = run;
    this.modified = modified;
    return k;
  }

  /**
   * The folded text; its arrays are scratch space, valid until the next call. `asciiSource` is the ASCII text
   * the units were lower-cased from: when nothing was dropped or replaced, the text is just its lower case.
   */
  finish(asciiSource?: string): MappedText {
    const { out } = this;
    const text = asciiSource !== undefined && !this.modified ? asciiSource.toLowerCase() : unitsToString(out.units, out.length);
    return { text, units: out.units, starts: out.starts, ends: out.ends, length: out.length };
  }
}
