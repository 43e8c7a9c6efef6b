/**
 * Leetspeak folding inside word tokens that mix letters with digits or symbols ("fr3e" → "free", "m0ney" →
 * "money", "$hit" → "shit"). Tokens made only of digits/symbols ("2025", "$100", "24/7") never reach this, and
 * tokens where digits are plausibly literal are kept: ordinals and units ("1st", "10k", "5pm"), model names and
 * numbered words with a multi-digit or short tail ("covid19", "win10", "mp3", "ps5").
 */
const LEET: Readonly<Record<string, string>> = {
  '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g',
  '@': 'a', '$': 's', '!': 'i', '|': 'l', '+': 't',
};

/** The same table by code point, for the folding scanner. */
export const LEET_CODES: ReadonlyMap<number, number> = new Map(
  Object.entries(LEET).map(([from, to]) => [from.charCodeAt(0), to.charCodeAt(0)]),
);

const LITERAL_NUMBER_WORD =
  /^\d+(?:st|nd|rd|th|s|k|m|b|d|h|x|am|pm|mm|cm|km|kg|g|gb|mb|tb|p|hz|ml|yr|yrs|min|mins|hr|hrs|lbs|ft|mph|fps)$/;
const TRAILING_DIGITS = /^([^\d]+?)(\d+)$/;
const HAS_LETTER = /\p{L}/u;
const HAS_LEET = /[0-9@$!|+]/;

/** Whether `token` (lower-cased, no spaces) should have its leet characters folded. */
export function shouldFoldLeet(token: string): boolean {
  if (!HAS_LEET.test(token) || !HAS_LETTER.test(token)) return false;
  if (LITERAL_NUMBER_WORD.test(token)) return false;
  const tail = TRAILING_DIGITS.exec(token);
  if (tail && !HAS_LEET.test(tail[1] ?? '')) {
    // Letters then digits only: "covid19", "win10", "mp3", "ps5" name a version or model; "hell0", "fre3" fold.
    const [, head = '', digits = ''] = tail;
    return digits.length === 1 && head.length >= 3;
  }
  return true;
}
