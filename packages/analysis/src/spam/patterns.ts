/**
 * Phrase patterns of comment spam, matched over the folded tokens joined by spaces (see token-text.ts): lower-case,
 * leetspeak and homoglyphs folded, punctuation gone, repeats capped at two ("subscribee").
 * Each phrase pattern has ANCHORS (see phrase-gate.ts): words one of which every match contains whole; a text with
 * none of them skips the pattern. When an alternative changes, keep its anchor listed.
 */

const MEDIA =
  '(?:youtube |new |music |official |gaming |cooking |little |small |own )?(?:channel|chanel|vids?|videos?|songs?|music|mixtape|covers?|page|blog|website|site|profile|insta(?:gram)?|twitter|facebook|fb|soundcloud|spotify|store|shop|app|games?|book|podcast|stream|account|playlist|band|rap|beats?|tracks?|album|art|vlogs?)';

const MEDIA_NOUNS = [
  'channel', 'chanel', 'vid', 'vids', 'video', 'videos', 'song', 'songs', 'music', 'mixtape', 'cover', 'covers', 'page',
  'blog', 'website', 'site', 'profile', 'insta', 'instagram', 'twitter', 'facebook', 'fb', 'soundcloud', 'spotify',
  'store', 'shop', 'app', 'game', 'games', 'book', 'podcast', 'stream', 'account', 'playlist', 'band', 'rap', 'beat',
  'beats', 'track', 'tracks', 'album', 'art', 'vlog', 'vlogs',
];
/** Every spelling of "subscribe" the patterns accept, and "sub". */
const SUBSCRIBE_WORDS = ['sub', 'subscribe', 'subscrib', 'subcribe', 'subsribe', 'suscribe', 'subscibe'];
const FOR_WORDS = ['sub', 'follow', 'like', 'share', 'view'];
/** "sub4sub", "like for like": the word run that ends the match is "Y", "4Y", "forY", "X4Y" or "XforY". */
const FOR_RUNS = FOR_WORDS.flatMap((y) => [y, `4${y}`, `for${y}`, ...FOR_WORDS.flatMap((x) => [`${x}4${y}`, `${x}for${y}`])]);

/**
 * Anchors of SELF_PROMOTION, alternative by alternative: the medium after "my/our", a spelling of "subscribe"
 * (alternatives 2, 3, 6, 7), "subscribers/subs/followers", FOR_RUNS, "follow/add/sub", "like/share/watch/rate",
 * "check(ing)", "checkout", "like", "give".
 */
export const SELF_PROMOTION_ANCHORS: readonly string[] = [
  ...MEDIA_NOUNS, ...SUBSCRIBE_WORDS, 'subscribers', 'subs', 'followers', ...FOR_RUNS, 'follow', 'add', 'like', 'share',
  'watch', 'rate', 'check', 'checking', 'checkout', 'give',
];

export const SELF_PROMOTION = new RegExp(
  [
    `\\b(?:my|our) ${MEDIA}\\b`,
    '\\b(?:please |pls |plz |pleas )?(?:sub(?:scribe|scrib|cribe|sribe)?|suscribe|subcribe|subscibe) (?:to |for )?(?:me|my|us|our|back|and|now|pls|please|plz|if)\\b',
    '\\b(?:please|pls|plz|pleas|just|like and|come|and|go) (?:sub(?:scribe|scrib|cribe|sribe)?|suscribe|subcribe|subscibe)\\b',
    '\\b(?:get|reach|help me get|need) (?:\\d+ |more |some |a few )?(?:subscribers|subs|followers)\\b',
    '\\b(?:sub|follow|like|share|view) ?(?:4|for) ?(?:sub|follow|like|share|view)\\b',
    '^(?:\\w+ )?(?:sub(?:scribe|scrib|cribe|sribe)|suscribe|subcribe|subscibe)(?: \\w+)?$',
    '\\b(?:sub(?:scribe|scrib|cribe|sribe)|suscribe|subcribe|subscibe) (?:to |for )?(?!the |this |that |a |an |your |his |her |their |its |these |those |newspaper|paper|view|idea|notion|theory|belief)\\w+',
    '\\bsub4sub\\b',
    '\\b(?:follow|add|sub) (?:me|us)\\b',
    '\\b(?:like|share|watch|rate) (?:my|our) \\w+',
    '\\bcheck(?:ing)? (?:out )?(?:my|our|me)\\b',
    '\\bcheckout (?:my|our)\\b',
    '\\blike this comment\\b',
    '\\bgive (?:me|it|this|my \\w+) a (?:like|thumbs up|chance|listen|view)\\b',
  ].join('|'),
  'g',
);

/** Anchors of CALL_TO_ACTION: the first word of each alternative ("look" in "take a look at"). */
export const CALL_TO_ACTION_ANCHORS: readonly string[] = [
  'click', 'link', 'links', 'visit', 'check', 'look', 'sign', 'join', 'limited', 'special', 'order', 'buy', 'shop', 'act',
  'download', 'go',
];

export const CALL_TO_ACTION = new RegExp(
  [
    '\\bclick (?:here|the link|on (?:the|this|my) link|below|this)\\b',
    '\\blinks? (?:in|on) (?:my |the )?(?:bio|profile|description|channel)\\b',
    '\\bvisit (?:my|our|this|the|us) (?:site|website|page|link|channel|store|shop|profile|blog)\\b',
    '\\bcheck (?:it|this|them|that) out\\b',
    '\\b(?:check out|take a look at|look at) (?:this|the|these) (?:link|site|website|page|channel|video|playlist|app|offer|deal|guy|girl|song|new)\\b',
    '\\bsign up\\b',
    '\\bjoin (?:now|today|my|our|us)\\b',
    '\\b(?:limited time|special offer|order now|buy now|shop now|act now|download (?:now|free|the app|it now))\\b',
    '\\bgo to (?:my|our|this) \\w+',
  ].join('|'),
  'g',
);

/**
 * Anchors of MONEY_LURE: "free", "earn/make…", "home" (work from home, home based), "homebased", "give(away)",
 * "gift(card)", "win/won/winning", a key word of each fixed phrase, "paypal", "per", "investment/trading", "loan".
 */
export const MONEY_LURE_ANCHORS: readonly string[] = [
  'free', 'earn', 'earning', 'earned', 'make', 'making', 'made', 'home', 'homebased', 'give', 'giveaway', 'giveaways',
  'gift', 'giftcard', 'giftcards', 'win', 'won', 'winning', 'cash', 'passive', 'financial', 'paid', 'double', 'money',
  'credit', 'lottery', 'paypal', 'per', 'investment', 'trading', 'loan',
];

export const MONEY_LURE = new RegExp(
  [
    '\\bfree (?:money|cash|gift ?cards?|iphones?|ipads?|robux|v ?bucks|followers|subscribers|subs|views|likes|giveaway|coins|gems|samples?|trial|stuff|game)\\b',
    '\\b(?:earn|earning|earned|make|making|made) (?:easy |real |extra |quick |fast |big |up to |over )?(?:money|cash|income|dollars|bucks|profit|\\d+)\\b',
    '\\b(?:work|working|job|jobs) (?:from|at) home\\b',
    '\\bhome ?based (?:job|jobs|business|work)\\b',
    '\\bgive ?aways?\\b',
    '\\bgift ?cards?\\b',
    '\\b(?:win|won|winning) (?:a |an |free |the )?(?:iphone|ipad|prize|gift|car|cash|money|lottery|trip|vacation)\\b',
    '\\b(?:cash prize|passive income|financial freedom|get paid|got paid|paid surveys?|double your money|money back guarantee|no credit check|lottery winner)\\b',
    '\\bpaypal\\b',
    '\\bper (?:hour|day|week|month) (?:from|at|working|online|easy)\\b',
    '\\b(?:investment|trading) (?:plan|platform|opportunity|account|manager|mentor)\\b',
    '\\bloan (?:offer|lender)\\b',
  ].join('|'),
  'g',
);

export const CRYPTO_TERM_ANCHORS: readonly string[] = [
  'bitcoin', 'bitcoins', 'btc', 'crypto', 'cryptocurrency', 'cryptocurrencies', 'ethereum', 'eth', 'usdt', 'binance',
  'forex', 'nft', 'nfts', 'airdrop', 'dogecoin', 'altcoin', 'altcoins', 'blockchain',
];
export const CRYPTO_TERM =
  /\b(?:bitcoins?|btc|crypto(?:currency|currencies)?|ethereum|eth|usdt|binance|forex|nfts?|airdrop|dogecoin|altcoins?|blockchain)\b/;

/** A crypto term alone is news; with one of these it is a lure. */
export const CRYPTO_LURE_CONTEXT =
  /\b(?:invest(?:ing|ment|ed)?|profits?|earn(?:ing|ed)?|returns|trading|trader|signals?|mentor|expert|broker|platform|whatsapp|telegram|contact|dm|wallet|recover(?:y|ed)?|withdraw(?:al)?|guaranteed|daily|weekly|double)\b/;

/** Anchors of CONTACT_PHRASE: the messenger named ("whats" of "whats app", "line" of "line id") or the verb. */
export const CONTACT_PHRASE_ANCHORS: readonly string[] = [
  'whatsapp', 'whats', 'telegram', 'kik', 'snapchat', 'skype', 'wechat', 'viber', 'line', 'dm', 'text', 'message',
  'msg', 'contact', 'call', 'email', 'inbox', 'pm', 'hit',
];

export const CONTACT_PHRASE = new RegExp(
  [
    '\\b(?:whatsapp|whats app|telegram|kik|snapchat|skype|wechat|viber|line id)\\b',
    '\\b(?:dm|text|message|msg|contact|call|email|inbox|pm|hit) (?:me|us)\\b',
  ].join('|'),
  'g',
);

/** Over the display text (case and punctuation kept). */
export const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.[a-z]{2,}/giu;
export const PHONE = /(?<![\p{L}\p{N}.,/:-])\+?(?:\(\d{1,4}\)|\d{1,4})(?:[ .-]?\(?\d{2,4}\)?){2,4}(?![\p{L}\p{N}.,/-])/gu;
export const YEAR_LIST = /^(?:(?:19|20)\d\d[ ,-]*)+$/;
export const CHAR_FLOOD = /([^\s\p{N}])\1{4,}|[!?.]{6,}/gu;
export const EMOJI = /\p{Extended_Pictographic}/gu;
