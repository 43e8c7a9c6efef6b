/**
 * `npm run eval [-- --data DIR] [-- --only spam,sentiment,toxicity,duplicates]`: measures every phase on data it
 * was not trained on, with the same code as `moderato eval --models DIR`. For each split it writes a training
 * copy of the data folder (symlinks, with held-out files emptied or cut) into a temp dir, trains the one model
 * concerned into a temp models dir (the other models are the shipped ones), converts the held-out part to the
 * eval JSONL format and runs the eval. Prints a markdown table and writes it to packages/analysis/EVALUATION.md,
 * keeping that file's hand-written "what changed and why" sections.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { makeKit, markdownTable, summaryTable, type TableRow } from './eval-kit.js';
import { section as duplicatesSection } from './eval-duplicates.js';
import { section as sentimentSection } from './eval-sentiment.js';
import { section as spamSection } from './eval-spam.js';
import { section as toxicitySection } from './eval-toxicity.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const CITATIONS = `
## Data sets

- YouTube Spam Collection: Alberto, T.C., Lochter, J.V., Almeida, T.A. *TubeSpam: Comment Spam Filtering on YouTube.* ICMLA'15, Miami, 2015.
- SMS Spam Collection: Almeida, T.A., Gómez Hidalgo, J.M., Yamakami, A. *Contributions to the study of SMS Spam Filtering: New Collection and Results.* DOCENG'11, 2011.
- TweetEval (sentiment, offensive, hate): Barbieri, F., Camacho-Collados, J., Espinosa-Anke, L., Neves, L. *TweetEval: Unified Benchmark and Comparative Evaluation for Tweet Classification.* Findings of EMNLP 2020; with Rosenthal, Farra, Nakov, *SemEval-2017 Task 4: Sentiment Analysis in Twitter* (sentiment), Zampieri et al., *SemEval-2019 Task 6 (OffensEval)* (offensive) and Basile et al., *SemEval-2019 Task 5 (HatEval)* (hate).
- VADER ground truth: Hutto, C.J. & Gilbert, E.E. *VADER: A Parsimonious Rule-based Model for Sentiment Analysis of Social Media Text.* ICWSM-14, 2014.
- Sentiment Labelled Sentences: Kotzias, D., Denil, M., de Freitas, N., Smyth, P. *From Group to Individual Labels Using Deep Features.* KDD 2015.
- Davidson et al.: Davidson, T., Warmsley, D., Macy, M., Weber, I. *Automated Hate Speech Detection and the Problem of Offensive Language.* ICWSM '17, 2017.
- Jigsaw Toxic Comment Classification sample (IBM MAX-Toxic-Comment-Classifier \`samples/test_examples.csv\`), Jigsaw/Conversation AI, Kaggle 2018 (CC0).
`;

const NOTES = `
## How to read this

- Every figure is on rows the measured model was not trained on; the held-out scheme is in the "scheme" column.
  Thresholds are the ones \`moderato eval\` uses (the analyzer's default policy, i.e. the values stored in the
  model files, chosen inside the training data by cross-validation).
- Sentiment rows marked *binary-polarity* come from files with only positive/negative labels: the sign of the
  sentiment score is compared (score ≥ 0 → positive), since a neutral prediction has no counterpart there.
  Three-class rows compare the label. VADER's mean ratings are mapped to labels with |mean| < 0.5 → neutral.
- Sentiment's headline is the 2,000 TweetEval validation tweets as an untouched hold-out: the model is trained on
  the SemEval 2013–2016 tweets (the validation tweets removed), VADER and UCI, and no training choice was made on
  them. Held out by source: each SemEval year held out whole; cross-validated: 5-fold CV over the SemEval tweets.
- Rows marked *cross-domain* measure a model on data of another kind than it was tuned for; they are reported
  for honesty, not as targets.
`;

/**
 * The hand-written sections of the current EVALUATION.md ("## … what changed and why …"): the figures are
 * regenerated, the reasons behind them are kept.
 */
function keptSections(path: string): string {
  if (!existsSync(path)) return '';
  const sections = readFileSync(path, 'utf8').split(/^(?=## )/m).slice(1);
  return sections.filter((section) => /^## .*what changed and why/.test(section)).map((section) => `\n${section.trimEnd()}\n`).join('');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { data: { type: 'string' }, only: { type: 'string' }, keep: { type: 'boolean' } } });
  const dataDir = resolve(values.data ?? join(PACKAGE_DIR, '..', '..', '..', 'shared', 'data'));
  const only = values.only?.split(',') ?? ['spam', 'sentiment', 'toxicity', 'duplicates'];
  const scratch = mkdtempSync(join(tmpdir(), 'moderato-eval-'));
  const kit = makeKit(dataDir, scratch);
  const rows: TableRow[] = [];
  const sections = { spam: spamSection, sentiment: sentimentSection, toxicity: toxicitySection, duplicates: duplicatesSection };
  try {
    for (const name of only) {
      const section = sections[name as keyof typeof sections];
      if (!section) throw new Error(`--only: unknown task ${name}`);
      kit.log(`== ${name}`);
      rows.push(...(await section(kit)));
    }
  } finally {
    if (!values.keep) rmSync(scratch, { recursive: true, force: true });
  }
  const table = `${markdownTable(rows)}\n\n### Per task: held out by source and cross-validated\n\n${summaryTable(rows)}\n`;
  console.log(table);
  if (only.length === 4) {
    const path = join(PACKAGE_DIR, 'EVALUATION.md');
    const doc = `# Moderato analysis: evaluation\n\nProduced by \`npm run eval\` (packages/analysis/scripts/eval-all.ts) ` +
      `on ${new Date().toISOString().slice(0, 10)} with data from \`../shared/data\`.\n\n${table}\n${NOTES}${keptSections(path)}${CITATIONS}`;
    writeFileSync(path, doc);
    kit.log(`wrote ${join(PACKAGE_DIR, 'EVALUATION.md')}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
