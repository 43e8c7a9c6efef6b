/**
 * Toxicity: trained on TweetEval offensive train (val files emptied in the training copy), measured on TweetEval
 * offensive val, the held-out split; next to it, 5-fold cross-validation inside train (each fold's model chooses its
 * threshold inside its own training part). TweetEval hate val, Davidson et al. and the Jigsaw sample are extra,
 * cross-domain rows.
 */
import { readDavidson, readJigsawSample, readTweetEval, type LabelledText } from '../src/abuse/data.js';
import { readNewsProse } from '../src/spam/data.js';
import type { EvalKit, TableRow } from './eval-kit.js';
import { pooled } from './eval-kit.js';

const FOLDS = 5;
const OFFENSIVE = 'toxicity/tweeteval-offensive';
const EMPTY_VAL = {
  [`${OFFENSIVE}/val_text.txt`]: '',
  [`${OFFENSIVE}/val_labels.txt`]: '',
  'toxicity/tweeteval-hate/val_text.txt': '',
  'toxicity/tweeteval-hate/val_labels.txt': '',
};

const held = (rows: readonly LabelledText[]) => rows.map((r) => ({ text: r.text, label: r.abusive ? 'toxic' : 'ok' }));

export async function section(kit: EvalKit): Promise<TableRow[]> {
  const name = 'toxicity-train';
  kit.log(`  ${name}`);
  const models = kit.trainInto(name, 'abuse', kit.dataSubset(name, EMPTY_VAL));
  const sets: Array<[string, string, Array<Record<string, string>>, string?]> = [
    ['**TweetEval offensive (val)**', 'train → val', held(readTweetEval(kit.dataDir, 'offensive', 'val')), 'macro-F1 ≥ 0.75'],
    ['TweetEval hate (val), cross-domain', 'not trained on hate', held(readTweetEval(kit.dataDir, 'hate', 'val'))],
    ['Davidson et al. (hate+offensive = toxic), cross-domain', 'not trained on it', held(readDavidson(kit.dataDir))],
    ['Jigsaw sample (101, lowercased), cross-domain', 'not trained on it', held(readJigsawSample(kit.dataDir))],
    // News prose, none of it written as an attack: the share flagged is how often news-style text is false-flagged.
    ['NYT editorial sentences (VADER), all counted not offensive: FPR = share flagged', 'not trained on it', held(readNewsProse(kit.dataDir).map((text) => ({ text, abusive: false })))],
  ];
  const rows = sets.map(([dataset, scheme, rows, target]): TableRow => {
    const row: TableRow = { task: 'toxicity', dataset, scheme, report: kit.evaluate('toxicity', rows, models, `${name}-${dataset.length}`) };
    if (target) {
      row.target = target;
      // The only labelled tweets of this kind the model never saw: a held-out split of the same collection.
      row.role = 'held out by source';
    }
    return row;
  });
  rows.splice(1, 0, { task: 'toxicity', dataset: 'TweetEval offensive (train)', scheme: `${FOLDS}-fold CV inside train`, report: trainFolds(kit), role: 'cross-validated' });
  return rows;
}

/** Row i of the training split is in fold i mod FOLDS: each fold is cut from a training copy and measured. */
function trainFolds(kit: EvalKit): ReturnType<typeof pooled> {
  const train = readTweetEval(kit.dataDir, 'offensive', 'train');
  const reports = [];
  for (let fold = 0; fold < FOLDS; fold++) {
    const name = `toxicity-fold-${fold}`;
    kit.log(`  ${name}`);
    const kept = train.filter((_, i) => i % FOLDS !== fold);
    const subset = kit.dataSubset(name, {
      ...EMPTY_VAL,
      [`${OFFENSIVE}/train_text.txt`]: `${kept.map((r) => r.text).join('\n')}\n`,
      [`${OFFENSIVE}/train_labels.txt`]: `${kept.map((r) => (r.abusive ? '1' : '0')).join('\n')}\n`,
    });
    const models = kit.trainInto(name, 'abuse', subset);
    reports.push(kit.evaluate('toxicity', held(train.filter((_, i) => i % FOLDS === fold)), models, name));
  }
  return pooled('toxicity', reports);
}
