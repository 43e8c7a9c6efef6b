/**
 * The abuse lexicon: compact, curated word lists matched on FOLDED tokens (lower-case, leetspeak and homoglyphs
 * folded, repeats capped at two), whole words only, so "Scunthorpe", "assessment" and "classic" never match.
 * A stem marked with `+` also matches with the common suffixes in SUFFIXES ("idiot+" → idiots, idiotic...).
 *
 * Content warning: these lists necessarily contain profanity and slurs; they exist so moderators can find them.
 */

export const SUFFIXES = ['', 's', 'es', 'ed', 'er', 'ers', 'ing', 'in', 'y', 'ty', 'ier', 'iest', 'ic', 'ly', 'head', 'heads', 'face', 'bag', 'bags', 'wit', 'wits', 'hole', 'holes'];

/** Strong profanity. */
export const PROFANITY = [
  'fuck+', 'fuk+', 'fck+', 'fucc+', 'phuck+', 'fuq', 'effing', 'motherfuck+', 'mofo', 'shit+', 'sht', 'bullshit+',
  'horseshit', 'bitch+', 'biatch', 'cunt+', 'cock', 'cocks', 'cocksucker+', 'dick', 'dicks', 'dickhead+', 'pussy',
  'pussies', 'asshole+', 'arsehole+', 'ass', 'asses', 'arse', 'azz', 'bastard+', 'wank+', 'twat+', 'prick', 'pricks',
  'bollocks', 'tits', 'titties', 'slut+', 'whore+', 'hoe', 'hoes', 'douche+', 'goddamn+', 'wtf', 'stfu', 'gtfo',
  'omfg', 'fml', 'jizz', 'dildo+', 'piss', 'pissed', 'pissing', 'smh',
];

/** Mild profanity: rude but common in ordinary talk. */
export const MILD_PROFANITY = ['damn', 'dammit', 'crap', 'crappy', 'sucks', 'sucked', 'screw', 'freaking', 'frickin', 'friggin', 'bloody'];

/** Insults: words that call a person something. */
export const INSULTS = [
  'idiot+', 'moron+', 'stupid', 'stupidity', 'dumb', 'dumber', 'dumbest', 'dumbass+', 'jackass+', 'retard+', 'imbecile+',
  'loser+', 'scum', 'scumbag+', 'pathetic', 'clown', 'clowns', 'fool', 'fools', 'foolish', 'ignorant', 'hypocrite+',
  'hypocritical', 'liar', 'liars', 'coward+', 'disgusting', 'worthless', 'useless', 'incompetent', 'brainless',
  'clueless', 'lunatic+', 'psycho+', 'nutjob+', 'degenerate+', 'vermin', 'jerk', 'jerks', 'creep', 'creeps', 'dipshit+',
  'shithead+', 'douchebag+', 'asshat+', 'numbnuts', 'freak', 'freaks', 'weirdo+', 'parasite+', 'libtard+', 'cuck+',
  'lowlife+', 'filth', 'sleazy', 'sleazebag+', 'skank+', 'subhuman+', 'idiocy', 'dimwit+', 'halfwit+', 'nitwit+',
  'twit', 'twits', 'buffoon+', 'fatass', 'snowflake+', 'sheeple', 'pedo', 'maggot', 'maggots',
];

/** Slurs against a group: an identity attack wherever they appear. */
export const SLURS = [
  'nigger+', 'nigga+', 'niggaz', 'faggot+', 'fag', 'fags', 'faggy', 'dyke', 'dykes', 'tranny', 'trannies', 'kike',
  'kikes', 'spic', 'spics', 'chink', 'chinks', 'wetback+', 'raghead+', 'towelhead+', 'paki', 'pakis', 'gook', 'gooks',
  'coon', 'coons', 'beaner+', 'shemale+', 'gypo', 'gyppo', 'kaffir', 'sandnigger+', 'muzzie', 'muzzies', 'mussie',
];

/**
 * Whole words that contain a listed form or look like one after folding but are innocent: checked before any
 * match (town names, surnames, ordinary words).
 */
export const ALLOW = [
  'scunthorpe', 'assessment', 'classic', 'cocktail', 'cockpit', 'peacock', 'hancock', 'hitchcock', 'dickens',
  'dickinson', 'shiitake', 'shitake', 'assassin', 'bass', 'class', 'grass', 'pass', 'mass', 'sussex', 'essex',
  'analysis', 'therapist', 'button', 'arsenal', 'arsenic', 'spice', 'spicy', 'raccoon', 'cocoon', 'niggle',
  'niggling', 'snigger', 'sniggering', 'pissarro', 'cumulative', 'document', 'hello', 'shell', 'title', 'titter',
  'ratio', 'rating', 'pigment', 'hoedown', 'retardant', 'hell', 'sheepish', 'dumbbell', 'dumbo', 'dickey',
];
