/**
 * Toxicity: trained on TweetEval offensive train (val files emptied in the training copy), measured on TweetEval
 * offensive val; TweetEval hate val, Davidson et al. and the Jigsaw sample are extra, cross-domain rows.
 */
import { readDavidson, readJigsawSample, readTweetEval, type LabelledText } from '../src/abuse/data.js';
import type { EvalKit, TableRow } from './eval-kit.js';

const held = (rows: readonly LabelledText[]) => rows.map((r) => ({ text: r.text, label: r.abusive ? 'toxic' : 'ok' }));

export async function section(kit: EvalKit): Promise<TableRow[]> {
  const name = 'toxicity-train';
  kit.log(`  ${name}`);
  const subset = kit.dataSubset(name, {
    'toxicity/tweeteval-offensive/val_text.txt': '',
    'toxicity/tweeteval-offensive/val_labels.txt': '',
    'toxicity/tweeteval-hate/val_text.txt': '',
    'toxicity/tweeteval-hate/val_labels.txt': '',
  });
  const models = kit.trainInto(name, 'abuse', subset);
  const sets: Array<[string, string, Array<Record<string, string>>, string?]> = [
    ['**TweetEval offensive (val)**', 'train → val', held(readTweetEval(kit.dataDir, 'offensive', 'val')), 'macro-F1 ≥ 0.72'],
    ['TweetEval hate (val), cross-domain', 'not trained on hate', held(readTweetEval(kit.dataDir, 'hate', 'val'))],
    ['Davidson et al. (hate+offensive = toxic), cross-domain', 'not trained on it', held(readDavidson(kit.dataDir))],
    ['Jigsaw sample (101, lowercased), cross-domain', 'not trained on it', held(readJigsawSample(kit.dataDir))],
  ];
  return sets.map(([dataset, scheme, rows, target]) => {
    const row: TableRow = { task: 'toxicity', dataset, scheme, report: kit.evaluate('toxicity', rows, models, `${name}-${dataset.length}`) };
    if (target) row.target = target;
    return row;
  });
}
