/** ISO 639-3 (as returned by franc) → ISO 639-1, for the languages franc-min knows that have a 639-1 code. */
export const ISO1: Readonly<Record<string, string>> = {
  eng: 'en', spa: 'es', por: 'pt', fra: 'fr', deu: 'de', ita: 'it', nld: 'nl', swe: 'sv', pol: 'pl', ces: 'cs',
  ron: 'ro', hun: 'hu', tur: 'tr', ind: 'id', zlm: 'ms', jav: 'jv', sun: 'su', vie: 'vi', tgl: 'tl', ceb: 'ceb',
  swh: 'sw', hau: 'ha', yor: 'yo', ibo: 'ig', zul: 'zu', som: 'so', kin: 'rw', run: 'rn', nya: 'ny', lin: 'ln',
  plt: 'mg', uzn: 'uz', azj: 'az', kaz: 'kk', rus: 'ru', ukr: 'uk', bel: 'be', bul: 'bg', srp: 'sr', hrv: 'hr',
  bos: 'bs', arb: 'ar', urd: 'ur', pes: 'fa', pbu: 'ps', ckb: 'ku', hin: 'hi', mar: 'mr', mai: 'mai', bho: 'bho',
  npi: 'ne', mag: 'mag', ben: 'bn', pan: 'pa', guj: 'gu', tam: 'ta', tel: 'te', kan: 'kn', mal: 'ml', sin: 'si',
  cmn: 'zh', jpn: 'ja', kor: 'ko', tha: 'th', ell: 'el', heb: 'he', amh: 'am', kat: 'ka', hye: 'hy', khm: 'km',
  mya: 'my', ori: 'or', uig: 'ug', fuv: 'ff', ilo: 'ilo', hms: 'hms', hnj: 'hnj', mad: 'mad', qug: 'qu', koi: 'kv',
  skr: 'skr', zyb: 'za',
};
