/** Word lists that shape lexicon valences: negators, intensity modifiers, contrast words, emoticons. */
export const NEGATORS = new Set(
  ('not no never none nobody nothing neither nor nowhere without cannot cant dont doesnt didnt isnt arent wasnt ' +
    'werent wont wouldnt shouldnt couldnt havent hasnt hadnt aint neednt mustnt nope nah').split(' '),
);

/** Multipliers for the next sentiment-bearing word ("very good", "slightly annoying"). */
export const MODIFIERS: ReadonlyMap<string, number> = new Map([
  ...'very really so extremely too totally absolutely super incredibly completely highly truly utterly deeply most especially exceptionally remarkably seriously terribly awfully insanely hugely'
    .split(' ')
    .map((w): [string, number] => [w, 1.35]),
  ...'slightly somewhat barely hardly kinda sorta little marginally partly occasionally fairly rather'
    .split(' ')
    .map((w): [string, number] => [w, 0.65]),
]);

/** Contrast words: what follows outweighs what came before in the sentence ("good plot, but awful acting").
 * 0.35 / 1.5: with 0.5 before, "awful plot but great acting" still read as clearly negative. */
export const CONTRAST = new Set(['but', 'however', 'though', 'nevertheless', 'nonetheless', 'yet']);
export const BEFORE_CONTRAST_WEIGHT = 0.35;
/** Contrast words that, opening a sentence, damp the sentences before it ("It's good. However, …"). Not "though":
 * a sentence opening with it concedes within itself ("Though it helps, …"). */
export const SENTENCE_CONTRAST = new Set(['but', 'however', 'nevertheless', 'nonetheless', 'yet']);
export const AFTER_CONTRAST_WEIGHT = 1.5;
/** Valence of a negated word is flipped and damped ("not good" is milder than "bad"), as in VADER. */
export const NEGATION_FACTOR = -0.74;
/** Words after a negator that stay in its scope, unless punctuation ends the clause first. */
export const NEGATION_SCOPE = 3;

/** Emoticons on the folded (lower-cased) text, with AFINN-scale valences. */
export const EMOTICONS: ReadonlyMap<string, number> = new Map([
  [':)', 2], [':-)', 2], [':]', 2], ['=)', 2], ['(:', 2], [':o)', 2], [':d', 3], [':-d', 3], ['xd', 2], ['=d', 3],
  [';)', 2], [';-)', 2], [':p', 1], [':-p', 1], [';p', 1], ['<3', 3], [':*', 2], [":')", 2], ['^_^', 2], ['^^', 2],
  [':(', -2], [':-(', -2], [':[', -2], ['=(', -2], ['):', -2], [":'(", -3], [':/', -1], [':-/', -1], [':\\', -1],
  ['d:', -2], ['</3', -3], ['>:(', -3], ['-_-', -1], [':|', -1], [':s', -1], ['t_t', -2], [';(', -2],
]);
