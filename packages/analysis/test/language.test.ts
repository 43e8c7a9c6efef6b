import { expect } from 'chai';
import { detectLanguage } from '../src/language/index.js';
import { normalize } from '../src/normalize/index.js';

const detect = (text: string, declared?: string) => detectLanguage(normalize(text), declared);

describe('language detection', () => {
  it('recognizes short English comments that franc alone gets wrong', () => {
    for (const text of ['Hope this works.', 'Good to see them talking.', 'lol this is so true', 'Finally, some progress!']) {
      expect(detect(text).code, text).to.equal('en');
    }
  });

  it('runs every phase for English', () => {
    const result = detect('Dialogue is always the first step. Good to see them talking.');
    expect(result.code).to.equal('en');
    expect(result.phasesSkipped).to.deep.equal([]);
    expect(result.phasesRun).to.include.members(['sentiment', 'spam', 'duplicates', 'abuse', 'policy']);
  });

  it('detects other languages and says that sentiment and abuse did not run', () => {
    const cases: Array<[string, string]> = [
      ['El gobierno anunció hoy que las conversaciones de paz continuarán la próxima semana en Estambul.', 'es'],
      ['Le gouvernement a annoncé aujourd’hui que les discussions reprendront la semaine prochaine.', 'fr'],
      ['Die Regierung hat heute angekündigt, dass die Gespräche nächste Woche fortgesetzt werden.', 'de'],
      ['Правительство объявило, что переговоры продолжатся на следующей неделе в Стамбуле.', 'ru'],
    ];
    for (const [text, code] of cases) {
      const result = detect(text);
      expect(result.code, text).to.equal(code);
      expect(result.phasesSkipped).to.deep.equal(['sentiment', 'abuse']);
      expect(result.phasesRun).to.include.members(['spam', 'duplicates']);
    }
  });

  it('judges the sentence, not the mentions, hashtags, links and retweet markers around it', () => {
    expect(detect('RT @anna_b: @carl #tbt http://t.co/x Das ist wirklich eine gute Nachricht für alle Menschen in der Region').code)
      .to.equal('de');
    expect(detect('@anna @bob @carl @dan @eve @fay @gus thanks so much for this').code).to.equal('en');
  });

  it('uses the declared language for very short texts, else assumes English with low confidence', () => {
    expect(detect('Merci!', 'fr')).to.include({ code: 'fr' });
    const guess = detect('Bravo!');
    expect(guess.code).to.equal('en');
    expect(guess.confidence).to.be.below(0.5);
  });

  it('treats emoji-only comments as undetermined but still analyzable', () => {
    const result = detect('😂😂👍');
    expect(result.code).to.equal('und');
    expect(result.phasesSkipped).to.deep.equal([]);
  });
});
