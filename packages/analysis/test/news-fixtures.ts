import type { ArticleContext } from '../src/types.js';

/**
 * News-style reader comments written for these tests (not taken from any data set the models were trained or
 * tuned on): the kinds a newsroom sees under an article about local government, sorted by what a moderator would
 * do with them.
 */

/** An article with a body long enough to judge whether a comment is on its topic. */
export function newsArticle(overrides: Partial<ArticleContext> = {}): ArticleContext {
  return {
    id: 'council-libraries',
    title: 'Council votes to close three branch libraries to balance budget',
    body:
      'The city council voted on Tuesday to close three branch libraries and cut opening hours at the central ' +
      'library, saying the savings are needed to balance next year\'s budget. Councillors approved the plan by ' +
      'seven votes to four after a long public meeting at which residents, librarians and teachers spoke against ' +
      'the closures. The finance committee says the decision will save 1.2 million a year in staff and building ' +
      'costs. Opponents argue that children, pensioners and job seekers rely on the branches for internet access, ' +
      'homework help and reading groups, and that the council has not consulted the neighbourhoods affected. The ' +
      'mayor said the administration would look at volunteer-run reading rooms and a mobile library van. A petition ' +
      'against the closures has gathered twelve thousand signatures, and campaigners plan a protest outside the town ' +
      'hall before the budget is finalised next month.',
    ...overrides,
  };
}

/** The same article with only its title known (as when a publisher sends no body). */
export function titleOnly(article: ArticleContext = newsArticle()): ArticleContext {
  return { id: article.id, title: article.title ?? '' };
}

/** Harsh words about decisions, policies, institutions or the article: criticism, not abuse. */
export const CIVIL_CRITICISM = [
  'The council made a stupid decision closing the libraries, and everyone in this town knows it.',
  'This government is a disgrace and its budget policy is a joke.',
  'What a pathetic, useless plan. The whole deal is garbage.',
  'Closing libraries to save money is a dumb idea that will cost us more later.',
  'The finance committee\'s reasoning is ridiculous and the consultation was a farce.',
  'Honestly this article is rubbish, one-sided reporting with no numbers from the opponents.',
  'That\'s a stupid way to balance a budget. Cut the consultants first.',
  'The whole budget process is incompetent and the public consultation was a sham.',
  'The budget is a total disaster and a complete waste of money.',
  'The plan is pointless and stupid, a complete failure.',
  'This newspaper publishes biased garbage about the libraries.',
  'Shame on this paper for printing such rubbish.',
  'This is stupid. Nobody asked the people who actually use the libraries.',
  'That is ridiculous and pathetic, a budget trick dressed up as reform.',
];

/** Insults aimed at people, threats and attacks on groups: abuse, with the words that decided it. */
export const ABUSE_AT_PEOPLE: Array<[text: string, decidingWord: string]> = [
  ['You are a stupid idiot if you think the libraries can run on volunteers.', 'idiot'],
  ['The mayor is a lying clown and everyone who voted for him is a moron.', 'clown'],
  ['Shut up, you pathetic loser, nobody asked what you think.', 'loser'],
  ['The councillors who voted for this should be shot.', 'should be shot'],
  ['Go back to your own country if you hate our libraries so much.', 'go back to your own country'],
  ['Immigrants are vermin and they are the ones using the libraries for free.', 'immigrants are vermin'],
  ['What a disgusting hypocrite that finance chair is, a worthless scumbag.', 'hypocrite'],
  ['Anyone defending this is a brainless fool.', 'fool'],
];

/** Rude about the topic, on the topic, and about no one: nothing to flag as abuse, spam or off-topic. */
export const ON_TOPIC_HARSH = [
  'Closing three branch libraries to balance the budget is a terrible mistake for the children who use them.',
  'The council budget cuts hit pensioners and job seekers who need internet access at the library. Shameful.',
  'Seven votes to four after that meeting? The councillors ignored every resident, librarian and teacher who spoke.',
  'A mobile library van is no replacement for a branch library with reading groups and homework help.',
];

/**
 * Short comments, one on the topic in other words than the article's, one about something else: with three topic
 * words or fewer, neither is judged.
 */
export const SHORT_COMMENTS = [
  'Books matter. Shame on them.',
  'Did anyone watch the football last night? Great match!',
];

/** Comments about something else entirely: off-topic under the article above, and not spam for that. */
export const OFF_TOPIC = [
  'Did anyone watch the football last night? Arsenal were brilliant, what a goal from Saka.',
  'My grandmother bakes wonderful apple pies every autumn using fruit from her orchard.',
  'Anyone know a good plumber near the harbour? Our boiler broke again and the landlord ignores us.',
];
