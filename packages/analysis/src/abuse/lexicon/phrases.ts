/**
 * Multi-word abuse patterns over the folded tokens joined by single spaces (see spam/token-text.ts): threats,
 * directed insults and attacks on groups. Words in these patterns are already folded ("ur" stays "ur").
 * Each pattern has ANCHORS (see spam/phrase-gate.ts): words one of which every match contains whole; a text with
 * none of them skips the pattern. When an alternative changes, keep its anchor listed.
 */
const YOU = '(?:you|u|ya|yah|youre|you\'re|ur|your|yourself|urself|him|her|them|his|their)';
const WILL = '(?:i\'ll|ill|i will|i\'m going to|im going to|i am going to|i\'m gonna|im gonna|gonna|we will|we\'ll|ima|imma|i\'d|i would|i wanna|i want to|someone should|somebody should|someone needs to|somebody needs to|they should|we should)';
const HARM_WORDS = [
  'kill', 'murder', 'shoot', 'stab', 'hurt', 'beat', 'punch', 'strangle', 'choke', 'rape', 'behead', 'hang', 'lynch',
  'bury', 'slaughter', 'execute', 'torture', 'burn', 'break', 'smash', 'destroy', 'end', 'hunt',
];
const HARM = `(?:${HARM_WORDS.join('|')})`;

export const THREATS = new RegExp(
  [
    `\\b${WILL} (?:\\w+ )?${HARM} ${YOU}\\b`,
    `\\b${WILL} (?:\\w+ )?(?:put|send) a bullet\\b`,
    '\\b(?:kill|hang|shoot) (?:yourself|urself|yourselves)\\b',
    '\\bkys\\b',
    '\\b(?:go|just) die\\b',
    '\\b(?:hope|wish|pray) (?:you|u|he|she|they|it) (?:\\w+ )?(?:dies?|die slowly|gets? (?:shot|killed|raped|hit)|burns?|rots?|chokes?)\\b',
    `\\b${YOU} (?:should|deserves?|ought) (?:to )?(?:die|be (?:shot|killed|hanged|hung|executed|lynched|beaten|raped|gassed|burned|shot dead))\\b`,
    '\\b(?:should|must|need to|needs to|deserves? to) be (?:shot|hanged|hung|executed|lynched|gassed|exterminated|wiped out|burned alive|put down)\\b',
    '\\b(?:deserves?|deserved) to die\\b',
    '\\bwatch (?:your|ur) back\\b',
    `\\b${YOU} (?:are|is|r) (?:a )?dead (?:man|meat)?\\b`,
    '\\bi know where (?:you|u) live\\b',
    '\\bburn in hell\\b',
    '\\b(?:string|hang) (?:him|her|them|em) up\\b',
    '\\bline (?:them|em) up and shoot\\b',
    '\\bdeath to (?:all )?(?:the )?\\w+',
  ].join('|'),
  'g',
);

const INSULT_WORDS = [
  'idiot', 'idiots', 'moron', 'morons', 'stupid', 'dumb', 'retard', 'retarded', 'loser', 'losers', 'clown', 'fool',
  'pathetic', 'disgusting', 'worthless', 'useless', 'liar', 'coward', 'hypocrite', 'joke', 'disgrace',
  'piece of (?:shit|crap|garbage|trash)', 'waste of (?:space|air|oxygen)', 'scum', 'trash', 'garbage', 'pig', 'animal',
  'animals', 'ignorant', 'ugly', 'fat', 'crazy', 'insane', 'psycho', 'mental', 'sick',
];
const INSULT_WORD = alternation(INSULT_WORDS);

export const DIRECTED_INSULTS = new RegExp(
  [
    `\\b(?:you|u|ur|youre|you're|you are|u r|ur a|your a|you r|you're a|you are a|you are an|youre a|you're such a|you are such a|what a|such an?|you) ${INSULT_WORD}\\b`,
    `\\b(?:shut up|shut the fuck up|screw you|fuck you|fuck off|piss off|get lost|go to hell|bite me|eat shit|suck it|suck my)\\b`,
    `\\b(?:he|she|they) (?:is|are|'s|s) (?:a |an |such a |so |really |just )?${INSULT_WORD}\\b`,
  ].join('|'),
  'g',
);

const GROUPS = [
  'muslims?', 'jews?', 'blacks?', 'whites', 'gays?', 'lesbians?', 'immigrants?', 'migrants?', 'mexicans?', 'women',
  'females', 'arabs?', 'christians?', 'africans?', 'asians?', 'refugees?', 'trans people', 'transgenders?', 'hindus?',
  'indians?', 'chinese', 'latinos?', 'hispanics?', 'foreigners?', 'gypsies', 'roma',
];
const GROUP = alternation(GROUPS);
const DEHUMANISE =
  '(?:animals|savages|vermin|scum|trash|garbage|terrorists|rapists|criminals|subhuman|parasites|cockroaches|rats|pigs|dogs|filth|inferior|a disease|a cancer|evil|the problem)';

export const IDENTITY_ATTACKS = new RegExp(
  [
    `\\b(?:(?:all|those|these|the|damn|fucking|filthy|dirty|stupid|bloody) )?${GROUP} (?:are|r|is) (?:all |just |nothing but |like )?${DEHUMANISE}\\b`,
    `\\b${GROUP} (?:should|must|need to|needs to|deserve to|ought to) (?:all )?(?:die|be killed|be deported|go back|be banned|be wiped out|be exterminated|be gassed|burn)\\b`,
    `\\b(?:kill|deport|ban|exterminate|gas|hang) (?:all )?(?:the |those |these )?${GROUP}\\b`,
    '\\b(?:go|send them|send em|get) back to (?:your|their|ur) (?:own )?(?:country|countries|africa|mexico|desert|cave|jungle|shithole)\\b',
    `\\b(?:hate|despise) (?:all )?(?:the |those |these )?${GROUP}\\b`,
  ].join('|'),
  'g',
);

/**
 * Anchors of THREATS, alternative by alternative: HARM (between spaces in "WILL … HARM YOU", also "kill yourself",
 * "burn in hell", "hang them up", "line them up and shoot"), "bullet", "kys", "die", the last word of "hope you … dies /
 * gets shot / burns / rots / chokes", the last word of "… should die / be shot …" and of "… need to be executed /
 * wiped out / put down", "watch", "dead", "live" ("i know where you live"), "string", "death".
 */
export const THREAT_ANCHORS: readonly string[] = [
  ...HARM_WORDS, 'bullet', 'kys', 'die', 'dies', 'shot', 'killed', 'raped', 'hit', 'burns', 'rot', 'rots', 'chokes',
  'hanged', 'hung', 'executed', 'lynched', 'beaten', 'gassed', 'burned', 'exterminated', 'wiped', 'put', 'watch', 'dead',
  'live', 'string', 'death',
];

/** Anchors of DIRECTED_INSULTS: the insult word (first and third alternatives) or the key word of each fixed phrase. */
export const DIRECTED_INSULT_ANCHORS: readonly string[] = [
  ...INSULT_WORDS.flatMap(firstWords), 'shut', 'screw', 'fuck', 'piss', 'lost', 'hell', 'bite', 'shit', 'suck',
];

/** Anchors of IDENTITY_ATTACKS: the group named, or where "go back to your …" sends people. */
export const IDENTITY_ATTACK_ANCHORS: readonly string[] = [
  ...GROUPS.flatMap(firstWords), 'country', 'countries', 'africa', 'mexico', 'desert', 'cave', 'jungle', 'shithole',
];

function alternation(alternatives: readonly string[]): string {
  return `(?:${alternatives.join('|')})`;
}

/**
 * The words an alternative can start with, derived from the pattern itself so the anchors can never drift from it:
 * the first word, and for a trailing `s?` both the singular and the plural.
 */
function firstWords(alternative: string): string[] {
  const first = alternative.split(' ')[0] ?? alternative;
  return first.endsWith('s?') ? [first.slice(0, -2), first.slice(0, -1)] : [first];
}
