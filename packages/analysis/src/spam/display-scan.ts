/**
 * One pass over the display text collecting what the spam rules need to know before (or instead of) running their
 * regexes: letter and capital counts for shouting, and cheap necessary conditions for the link, phone, e-mail,
 * character-flood and emoji patterns. A condition that is false means the pattern cannot match; a true one means
 * the pattern runs as before.
 */
export interface DisplayScan {
  /** Letters and upper-case letters, counted per UTF-16 unit as `shoutingReason` always has. */
  letters: number;
  upper: number;
  /** ASCII digits (a phone number needs nine). */
  digits: number;
  /** An '@' between characters an e-mail address allows there (EMAIL could match; "@user" mentions cannot). */
  mayEmail: boolean;
  /** A character outside tab, newline, carriage return and printable ASCII (NON_ASCII would match). */
  nonAscii: boolean;
  /** Five equal code points in a row (five equal units, or eight units each equal to the one two back), or six of "!?.". */
  mayFlood: boolean;
  /** A '.' between two characters that are not ASCII non-alphanumerics, or "dot" in any case (see links.ts). */
  mayLink: boolean;
}

const UPPER = /\p{Lu}/u;
const LETTER = /\p{L}/u;

export function scanDisplay(display: string): DisplayScan {
  let letters = 0;
  let upper = 0;
  let digits = 0;
  let mayEmail = false;
  let nonAscii = false;
  let mayLink = false;
  let same = 1;
  let sameAsTwoBack = 0;
  let marks = 0;
  let mayFlood = false;
  let before = -1;
  let twoBack = -1;
  for (let i = 0; i < display.length; i++) {
    const code = display.charCodeAt(i);
    if (code >= 97 && code <= 122) letters++;
    else if (code >= 65 && code <= 90) {
      letters++;
      upper++;
    } else if (code >= 48 && code <= 57) digits++;
    else if (code >= 128) {
      nonAscii = true;
      const ch = display[i] ?? '';
      if (LETTER.test(ch)) {
        letters++;
        if (UPPER.test(ch)) upper++;
      }
    } else if (code === 64) mayEmail ||= mayBeEmailAt(display, i);
    else if (code < 32 ? code !== 9 && code !== 10 && code !== 13 : code === 127) nonAscii = true;
    // "." and "d"/"D" are the only characters a link condition starts at.
    if (!mayLink && (code === 46 || (code | 32) === 100)) mayLink = linkAt(display, i, code);
    if (!mayFlood) {
      if (code === before) {
        if (++same >= 5) mayFlood = true;
      } else same = 1;
      if (code === twoBack) {
        if (++sameAsTwoBack >= 8) mayFlood = true;
      } else sameAsTwoBack = 0;
      if (code === 33 || code === 63 || code === 46) {
        if (++marks >= 6) mayFlood = true;
      } else marks = 0;
      twoBack = before;
      before = code;
    }
  }
  return { letters, upper, digits, mayEmail, nonAscii, mayFlood, mayLink };
}

/** A '.' at `i` with possibly alphanumeric neighbours, or "dot" (any case) starting at `i`. */
function linkAt(text: string, i: number, code: number): boolean {
  if (code === 46) return i > 0 && mayBeAlphanumeric(text.charCodeAt(i - 1)) && mayBeAlphanumeric(text.charCodeAt(i + 1));
  return (code | 32) === 100 && (text.charCodeAt(i + 1) | 32) === 111 && (text.charCodeAt(i + 2) | 32) === 116;
}

/** EMAIL needs one of [\p{L}\p{N}._%+-] before the '@' and one of [\p{L}\p{N}-] after it. */
function mayBeEmailAt(text: string, at: number): boolean {
  const before = text.charCodeAt(at - 1);
  const after = text.charCodeAt(at + 1);
  const beforeOk = mayBeAlphanumeric(before) || before === 46 || before === 95 || before === 37 || before === 43 || before === 45;
  return beforeOk && (mayBeAlphanumeric(after) || after === 45);
}

/** Not an ASCII non-alphanumeric (non-ASCII characters are left to the regex). NaN (past the end) is not. */
function mayBeAlphanumeric(code: number): boolean {
  return code >= 128 || (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
}
