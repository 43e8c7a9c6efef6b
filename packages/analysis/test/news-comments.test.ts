import { expect } from 'chai';
import { createAnalyzer, loadModels, type Analyzer } from '../src/index.js';
import type { Analysis, ArticleContext } from '../src/types.js';
import { ABUSE_AT_PEOPLE, CIVIL_CRITICISM, newsArticle, OFF_TOPIC, ON_TOPIC_HARSH, SHORT_COMMENTS, titleOnly } from './news-fixtures.js';

let analyzer: Analyzer;

function analyze(text: string, article: ArticleContext = newsArticle()): Analysis {
  return analyzer.analyze(
    { commentId: 'c-news', authorId: 'reader', articleId: article.id, text },
    { article, policy: analyzer.defaultPolicy, duplicateCandidates: [] },
  );
}

function kinds(analysis: Analysis): string[] {
  return analysis.flags.map((f) => f.kind);
}

function reasonCodes(analysis: Analysis): string[] {
  return [...analysis.spam.reasons, ...(analysis.abuse?.reasons ?? [])].map((r) => r.code);
}

describe('news comments (shipped models, end to end)', () => {
  before(() => {
    analyzer = createAnalyzer(loadModels());
  });

  it('does not call harsh words about decisions, policies, institutions or the article abuse', () => {
    for (const text of CIVIL_CRITICISM) {
      const analysis = analyze(text);
      expect(kinds(analysis), text).to.not.include('toxic');
      expect(analysis.abuse?.score, text).to.be.below(analyzer.defaultPolicy.toxic.flag);
    }
  });

  it('flags insults at people, threats and attacks on groups, naming the words that decided it', () => {
    for (const [text, word] of ABUSE_AT_PEOPLE) {
      const toxic = analyze(text).flags.find((f) => f.kind === 'toxic');
      expect(toxic, text).to.not.equal(undefined);
      const messages = toxic?.reasons.map((r) => r.message.toLowerCase()) ?? [];
      expect(messages.some((m) => m.includes(`"${word}`)), `${text}: ${messages.join(' | ')}`).to.equal(true);
    }
  });

  it('never names a word of one or two letters, or only function words, as what made a comment offensive', () => {
    const texts = [...CIVIL_CRITICISM, ...ABUSE_AT_PEOPLE.map(([text]) => text), ...ON_TOPIC_HARSH, ...OFF_TOPIC];
    for (const text of texts) {
      for (const reason of analyze(text).abuse?.reasons ?? []) {
        const quoted = [...reason.message.matchAll(/"([^"]*)"/g)].map((m) => m[1] ?? '');
        expect(quoted.length, reason.message).to.be.above(0);
        for (const word of quoted) expect(word.length, reason.message).to.be.at.least(3);
      }
    }
  });

  it('leaves harsh comments on the topic alone: no abuse, spam or off-topic', () => {
    for (const text of ON_TOPIC_HARSH) {
      const analysis = analyze(text);
      expect(kinds(analysis), text).to.not.include.members(['toxic', 'spam']);
      expect(reasonCodes(analysis), text).to.not.include('off_topic');
    }
  });

  it('says a comment about something else is off topic when the article body is known, without a spam flag', () => {
    for (const text of OFF_TOPIC) {
      const analysis = analyze(text);
      expect(reasonCodes(analysis), text).to.include('off_topic');
      expect(kinds(analysis), text).to.not.include('spam');
      expect(analysis.spam.reasons.find((r) => r.code === 'off_topic')?.weight, text).to.equal(0);
    }
  });

  it('names the comment\'s topic words the article does not use, as the comment writes them', () => {
    for (const text of OFF_TOPIC) {
      const message = analyze(text).spam.reasons.find((r) => r.code === 'off_topic')?.message ?? '';
      const named = [...message.matchAll(/"([^"]+)"/g)].map((m) => m[1] ?? '');
      expect(named.length, message).to.be.within(1, 4);
      for (const word of named) expect(text.toLowerCase(), message).to.include(word);
    }
  });

  it('does not judge a comment with too few topic words to tell a digression from a synonym', () => {
    for (const text of SHORT_COMMENTS) expect(reasonCodes(analyze(text)), text).to.not.include('off_topic');
  });

  it('does not judge the topic from the title alone', () => {
    for (const text of [...OFF_TOPIC, ...ON_TOPIC_HARSH, ...CIVIL_CRITICISM]) {
      expect(reasonCodes(analyze(text, titleOnly())), text).to.not.include('off_topic');
    }
  });

  it('does not turn an abusive comment into spam, on topic or not', () => {
    for (const [text] of ABUSE_AT_PEOPLE) {
      for (const article of [newsArticle(), titleOnly()]) expect(kinds(analyze(text, article)), text).to.not.include('spam');
    }
  });

  it('still lets an off-topic comment with a spam sign tip towards spam', () => {
    const text = 'Lovely apple pies and cheesecakes, the recipes are at www.pie-heaven.com';
    const offTopic = analyze(text).spam;
    const judgedNot = analyze(text, titleOnly()).spam;
    expect(offTopic.reasons.find((r) => r.code === 'off_topic')?.weight).to.be.above(0);
    expect(offTopic.score).to.be.above(judgedNot.score);
    expect(kinds(analyze(text))).to.include('spam');
  });
});
