/**
 * Experiment (tried, not kept; see EVALUATION.md): word vectors learnt without labels from the tweets in
 * ../shared/data (SemEval sentiment, TweetEval offensive and hate train, Davidson; never the validation tweets) as
 * dense features beside the abuse bag. Positive PMI over a ±4-word window (context counts smoothed to the power 0.75),
 * reduced by a randomized truncated SVD; a tweet's feature is the normalized mean of its words' vectors, times SCALE.
 * Prints 5-fold out-of-fold macro-F1 inside TweetEval offensive train with and without them.
 * Usage: DIM=64 SCALE=1 node --max-old-space-size=8000 --conditions=source --import tsx packages/analysis/scripts/try-word-vectors.ts
 */
import { readFileSync } from 'node:fs';
import { normalize } from '../src/normalize/index.js';
import { readDavidson, readTweetEval } from '../src/abuse/data.js';
import { ABUSE_TRAINING, abuseExamples, crossValidatedScores } from '../src/abuse/train.js';
import { binaryFigures, thresholdForMacroF1 } from '../src/learn/metrics.js';

const DIM = Number(process.env.DIM ?? 64);
const WINDOW = 4;
const MIN_COUNT = 5;
const dataDir = '../shared/data';
const semeval = readFileSync(`${dataDir}/sentiment/semeval-2013-2016-tweets/tweets.tsv`, 'utf8').split('\n').slice(1).map((l) => l.split('\t')[2] ?? '');
const offensiveTrain = readTweetEval(dataDir, 'offensive', 'train');
const corpus = [...semeval, ...offensiveTrain.map((r) => r.text), ...readTweetEval(dataDir, 'hate', 'train').map((r) => r.text), ...readDavidson(dataDir).map((r) => r.text)];
console.log('corpus tweets', corpus.length);
const tokenized = corpus.map((t) => normalize(t).tokens.map((w) => w.toLowerCase()));
const freq = new Map<string, number>();
for (const toks of tokenized) for (const w of toks) freq.set(w, (freq.get(w) ?? 0) + 1);
const vocab = [...freq].filter(([, c]) => c >= MIN_COUNT).map(([w]) => w);
const index = new Map(vocab.map((w, i) => [w, i]));
const V = vocab.length;
console.log('vocab', V);
// co-occurrence counts
const rows: Array<Map<number, number>> = Array.from({ length: V }, () => new Map());
const ctx = new Float64Array(V);
let total = 0;
for (const toks of tokenized) {
  const ids = toks.map((w) => index.get(w)).filter((i): i is number => i !== undefined);
  for (let i = 0; i < ids.length; i++) for (let j = Math.max(0, i - WINDOW); j <= Math.min(ids.length - 1, i + WINDOW); j++) {
    if (i === j) continue;
    const a = ids[i]!, b = ids[j]!;
    rows[a]!.set(b, (rows[a]!.get(b) ?? 0) + 1);
  }
}
for (const row of rows) for (const [b, c] of row) { ctx[b] = ctx[b]! + c; total += c; }
const ctxSmoothed = new Float64Array(V); let ctxSum = 0;
for (let b = 0; b < V; b++) { ctxSmoothed[b] = Math.pow(ctx[b]!, 0.75); ctxSum += ctxSmoothed[b]!; }
// PPMI sparse rows (CSR)
const rowPtr = new Int32Array(V + 1); const cols: number[] = []; const vals: number[] = [];
for (let a = 0; a < V; a++) {
  let rowSum = 0; for (const c of rows[a]!.values()) rowSum += c;
  for (const [b, c] of rows[a]!) {
    const pmi = Math.log((c / total) / ((rowSum / total) * (ctxSmoothed[b]! / ctxSum)));
    if (pmi > 0) { cols.push(b); vals.push(pmi); }
  }
  rowPtr[a + 1] = cols.length;
}
console.log('ppmi nnz', cols.length);
const colArr = Int32Array.from(cols), valArr = Float64Array.from(vals);
// M (V×V) times X (V×k), and Mᵀ X (M symmetric-ish but not exactly)
function mul(X: readonly Float64Array[], transpose: boolean): Float64Array[] {
  const k = X.length; const Y = Array.from({ length: k }, () => new Float64Array(V));
  for (let a = 0; a < V; a++) for (let p = rowPtr[a]!; p < rowPtr[a + 1]!; p++) {
    const b = colArr[p]!, v = valArr[p]!;
    for (let c = 0; c < k; c++) {
      const y = Y[c]!, x = X[c]!;
      if (transpose) y[b] = y[b]! + v * x[a]!;
      else y[a] = y[a]! + v * x[b]!;
    }
  }
  return Y;
}
function orthonormalize(Q: Float64Array[]): void {
  for (let i = 0; i < Q.length; i++) {
    const qi = Q[i]!;
    for (let j = 0; j < i; j++) {
      const qj = Q[j]!;
      let d = 0;
      for (let t = 0; t < V; t++) d += qi[t]! * qj[t]!;
      for (let t = 0; t < V; t++) qi[t] = qi[t]! - d * qj[t]!;
    }
    let n = 0;
    for (let t = 0; t < V; t++) n += qi[t]! ** 2;
    n = Math.sqrt(n) || 1;
    for (let t = 0; t < V; t++) qi[t] = qi[t]! / n;
  }
}
let seed = 1; const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) - 0.5;
const K = DIM + 10;
let Q: Float64Array[] = Array.from({ length: K }, () => Float64Array.from({ length: V }, rand));
Q = mul(Q, false); orthonormalize(Q);
for (let it = 0; it < 2; it++) { Q = mul(Q, true); orthonormalize(Q); Q = mul(Q, false); orthonormalize(Q); }
// B = Qᵀ M  (K×V); small Gram G = B Bᵀ (K×K); eigen-decompose by Jacobi
const B = mul(Q, true); // rows of B as (Mᵀ Q)ᵀ = Qᵀ M
const G = Array.from({ length: K }, (_, i) => Array.from({ length: K }, (_, j) => { let d = 0; for (let t = 0; t < V; t++) d += B[i]![t]! * B[j]![t]!; return d; }));
const E: number[][] = Array.from({ length: K }, (_, i) => Array.from({ length: K }, (_, j) => (i === j ? 1 : 0)));
for (let sweep = 0; sweep < 50; sweep++) {
  let off = 0;
  for (let p = 0; p < K; p++) for (let q = p + 1; q < K; q++) {
    off += G[p]![q]! ** 2;
    if (Math.abs(G[p]![q]!) < 1e-12) continue;
    const theta = (G[q]![q]! - G[p]![p]!) / (2 * G[p]![q]!);
    const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
    const c = 1 / Math.sqrt(t * t + 1), s = t * c;
    for (let k = 0; k < K; k++) { const gp = G[k]![p]!, gq = G[k]![q]!; G[k]![p] = c * gp - s * gq; G[k]![q] = s * gp + c * gq; }
    for (let k = 0; k < K; k++) { const gp = G[p]![k]!, gq = G[q]![k]!; G[p]![k] = c * gp - s * gq; G[q]![k] = s * gp + c * gq; }
    for (let k = 0; k < K; k++) { const ep = E[k]![p]!, eq = E[k]![q]!; E[k]![p] = c * ep - s * eq; E[k]![q] = s * ep + c * eq; }
  }
  if (off < 1e-9) break;
}
const order = Array.from({ length: K }, (_, i) => i).sort((a, b) => G[b]![b]! - G[a]![a]!).slice(0, DIM);
// U = Q · E[:, order]; singular values sqrt(eig); word vector = U · sqrt(sigma)
const vectors = Array.from({ length: V }, () => new Float64Array(DIM));
order.forEach((col, d) => {
  const sigma = Math.sqrt(Math.max(0, G[col]![col]!));
  const scale = Math.sqrt(sigma);
  for (let t = 0; t < V; t++) { let u = 0; for (let k = 0; k < K; k++) u += Q[k]![t]! * E[k]![col]!; vectors[t]![d] = u * scale; }
});
for (const v of vectors) { let n = 0; for (const x of v) n += x * x; n = Math.sqrt(n) || 1; for (let d = 0; d < DIM; d++) v[d]! /= n; }
// nearest neighbours sanity
for (const probe of ['idiot', 'stupid', 'love', 'liberals']) {
  const i = index.get(probe); if (i === undefined) continue;
  const sims = vectors.map((v, j) => [j, v.reduce((s, x, d) => s + x * vectors[i]![d]!, 0)] as const).sort((a, b) => b[1] - a[1]).slice(1, 8);
  console.log(probe, '→', sims.map(([j]) => vocab[j]).join(' '));
}
// features
const SCALE = Number(process.env.SCALE ?? 1);
function embedding(text: string): number[] {
  const v = new Float64Array(DIM);
  for (const token of normalize(text).tokens) {
    const i = index.get(token.toLowerCase());
    if (i !== undefined) for (let d = 0; d < DIM; d++) v[d] = v[d]! + vectors[i]![d]!;
  }
  let norm = 0; for (const x of v) norm += x * x; norm = Math.sqrt(norm) || 1;
  return [...v].map((x) => (x / norm) * SCALE);
}
const base = abuseExamples(offensiveTrain, ABUSE_TRAINING.bag);
const labels = offensiveTrain.map((r) => r.abusive);
function evaluate(label: string, examples: typeof base, linear: typeof ABUSE_TRAINING.linear) {
  const oof = crossValidatedScores(examples, linear, 5);
  const t = thresholdForMacroF1(oof, labels);
  console.log(label, 'OOF macroF1', binaryFigures(oof.map((score) => score >= t), labels).macroF1.toFixed(4));
}
evaluate('baseline', base, ABUSE_TRAINING.linear);
const withEmb = base.map((e, i) => ({ ...e, dense: [...(e.dense ?? []), ...embedding(offensiveTrain[i]!.text)] }));
evaluate(`embeddings d=${DIM} scale=${SCALE}`, withEmb, { ...ABUSE_TRAINING.linear, denseCount: (ABUSE_TRAINING.linear.denseCount ?? 0) + DIM, denseFloor: [...(ABUSE_TRAINING.linear.denseFloor ?? []), ...Array(DIM).fill(-Infinity)] });
