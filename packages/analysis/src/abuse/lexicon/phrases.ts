/**
 * Multi-word abuse patterns over the folded tokens joined by single spaces (see spam/token-text.ts): threats,
 * directed insults and attacks on groups. Words in these patterns are already folded ("ur" stays "ur").
 */
const YOU = '(?:you|u|ya|yah|youre|you\'re|ur|your|yourself|urself|him|her|them|his|their)';
const WILL = '(?:i\'ll|ill|i will|i\'m going to|im going to|i am going to|i\'m gonna|im gonna|gonna|we will|we\'ll|ima|imma|i\'d|i would|i wanna|i want to|someone should|somebody should|someone needs to|somebody needs to|they should|we should)';
const HARM = '(?:kill|murder|shoot|stab|hurt|beat|punch|strangle|choke|rape|behead|hang|lynch|bury|slaughter|execute|torture|burn|break|smash|destroy|end|hunt)';

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

const INSULT_WORD =
  '(?:idiot|idiots|moron|morons|stupid|dumb|retard|retarded|loser|losers|clown|fool|pathetic|disgusting|worthless|useless|liar|coward|hypocrite|joke|disgrace|piece of (?:shit|crap|garbage|trash)|waste of (?:space|air|oxygen)|scum|trash|garbage|pig|animal|animals|ignorant|ugly|fat|crazy|insane|psycho|mental|sick)';

export const DIRECTED_INSULTS = new RegExp(
  [
    `\\b(?:you|u|ur|youre|you're|you are|u r|ur a|your a|you r|you're a|you are a|you are an|youre a|you're such a|you are such a|what a|such an?|you) ${INSULT_WORD}\\b`,
    `\\b(?:shut up|shut the fuck up|screw you|fuck you|fuck off|piss off|get lost|go to hell|bite me|eat shit|suck it|suck my)\\b`,
    `\\b(?:he|she|they) (?:is|are|'s|s) (?:a |an |such a |so |really |just )?${INSULT_WORD}\\b`,
  ].join('|'),
  'g',
);

const GROUP =
  '(?:muslims?|jews?|blacks?|whites|gays?|lesbians?|immigrants?|migrants?|mexicans?|women|females|arabs?|christians?|africans?|asians?|refugees?|trans people|transgenders?|hindus?|indians?|chinese|latinos?|hispanics?|foreigners?|gypsies|roma)';
const DEHUMANISE =
  '(?:animals|savages|vermin|scum|trash|garbage|terrorists|rapists|criminals|subhuman|parasites|cockroaches|rats|pigs|dogs|filth|inferior|a disease|a cancer|evil|the problem)';

export const IDENTITY_ATTACKS = new RegExp(
  [
    `\\b(?:all|those|these|the|damn|fucking|filthy|dirty|stupid|bloody) ${GROUP} (?:are|r|is) (?:all |just |nothing but |like )?${DEHUMANISE}\\b`,
    `\\b${GROUP} (?:should|must|need to|needs to|deserve to|ought to) (?:all )?(?:die|be killed|be deported|go back|be banned|be wiped out|be exterminated|be gassed|burn)\\b`,
    `\\b(?:kill|deport|ban|exterminate|gas|hang) (?:all )?(?:the |those |these )?${GROUP}\\b`,
    '\\b(?:go|send them|send em|get) back to (?:your|their|ur) (?:own )?(?:country|countries|africa|mexico|desert|cave|jungle|shithole)\\b',
    `\\b(?:hate|despise) (?:all )?(?:the |those |these )?${GROUP}\\b`,
  ].join('|'),
  'g',
);
