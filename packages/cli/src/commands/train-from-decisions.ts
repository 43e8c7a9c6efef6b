import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { calibrateFlagLevels, tunedDefaultPolicy, withOverrides, type CalibrationReport, type DecisionExample } from '@moderato/analysis';
import {
  RecordNotFoundError, findPublisherPolicy, replacePublisherPolicy, streamDecidedComments, type DecidedComment, type PublisherPolicy,
  type Storage,
} from '@moderato/storage';
import { withStorage } from './admin.js';
import { UsageError, type CommandIo } from './io.js';

export interface TrainFromDecisionsOptions {
  publisher?: string;
  /** Writes each decided comment (text, flags, decision) as a JSON line to this file. */
  export?: string;
  /** Sets the proposed levels in the publisher's policy when they do better on the held-out decisions. */
  apply?: boolean;
  models?: string;
}

/**
 * `moderato train --from-decisions --publisher P [--export file] [--apply]`: the publisher's moderators' decisions as
 * labelled data. Chooses the spam and abuse flag levels on the older decisions, measures them against the current
 * ones on the newest quarter (calibrateFlagLevels), prints the report as JSON, and with --apply sets them in that
 * publisher's policy (a new, audited version) if they did better. Only for a publisher whose policy opted in.
 */
export async function trainFromDecisions(options: TrainFromDecisionsOptions, io: CommandIo): Promise<number> {
  const publisherId = options.publisher;
  if (!publisherId) throw new UsageError('--from-decisions needs --publisher <publisherId>: decisions are learned from one publisher at a time');
  const defaults = tunedDefaultPolicy(options.models === undefined ? undefined : resolve(options.models));
  return withStorage(async (storage) => {
    const stored = await findPublisherPolicy(storage, publisherId);
    if (!stored) throw new RecordNotFoundError(`publisher ${publisherId}`);
    const policy = withOverrides(defaults, stored.overrides, stored.version);
    if (!policy.learning.fromDecisions) {
      throw new UsageError(`publisher ${publisherId} has not opted in to learning from its decisions; its policy must set "learning": { "fromDecisions": true } (PUT /v1/policy or moderato policy set)`);
    }
    const examples = await readDecisions(storage, publisherId, options.export);
    const report = calibrateFlagLevels(examples, { spam: policy.spam.flag, toxic: policy.toxic.flag });
    const applied = options.apply && report.better ? await applyLevels(storage, publisherId, stored, report) : undefined;
    io.stdout.write(`${JSON.stringify({ publisherId, ...report, ...(applied !== undefined && { appliedInPolicyVersion: applied }) })}\n`);
    io.stderr.write(`${summary(report, options.apply === true, applied)}\n`);
    return 0;
  });
}

async function readDecisions(storage: Storage, publisherId: string, exportPath: string | undefined): Promise<DecisionExample[]> {
  const out = exportPath === undefined ? undefined : createWriteStream(resolve(exportPath), { flags: 'wx' });
  const examples: DecisionExample[] = [];
  try {
    if (out) await once(out, 'open');
    for await (const decided of streamDecidedComments(storage, publisherId)) {
      examples.push({ decidedAt: decided.decidedAt, rejected: decided.action === 'reject', spamScore: decided.spamScore, abuseScore: decided.abuseScore });
      if (out) await writeLine(out, decided);
    }
  } finally {
    out?.end();
  }
  if (out) await once(out, 'finish');
  return examples;
}

async function writeLine(out: WriteStream, decided: DecidedComment): Promise<void> {
  const { commentId, articleId, text, flags, spamScore, abuseScore, action, decidedAt } = decided;
  const line = `${JSON.stringify({ commentId, articleId, text, flags, spamScore, abuseScore, decision: action, decidedAt })}\n`;
  if (!out.write(line)) await once(out, 'drain');
}

/** Sets the proposed levels over the policy that was read (its version named, so a change made meanwhile is not overwritten). */
async function applyLevels(storage: Storage, publisherId: string, stored: PublisherPolicy, report: CalibrationReport): Promise<number> {
  const { overrides } = stored;
  const updated = await replacePublisherPolicy(storage, {
    publisherId,
    overrides: { ...overrides, spam: { ...overrides.spam, flag: report.proposed.spam }, toxic: { ...overrides.toxic, flag: report.proposed.toxic } },
    expectedVersion: stored.version,
    changedBy: { cli: true },
  });
  return updated.version;
}

function summary(report: CalibrationReport, apply: boolean, applied: number | undefined): string {
  const quality = (q: CalibrationReport['before']) => `precision ${q.precision.toFixed(3)}, recall ${q.recall.toFixed(3)}, F1 ${q.f1.toFixed(3)}`;
  const levels = (l: CalibrationReport['current']) => `spam ${l.spam}, abuse ${l.toxic}`;
  const lines = [
    `Learned from ${report.training.decisions} decisions (${report.training.rejected} rejected); measured on the newest ${report.heldOut.decisions} (${report.heldOut.rejected} rejected):`,
    `  current levels  (${levels(report.current)}): ${quality(report.before)}`,
    `  proposed levels (${levels(report.proposed)}): ${quality(report.after)}`,
  ];
  if (!report.better) lines.push('The proposed levels do no better on the held-out decisions: the policy is left as it is.');
  else if (applied !== undefined) lines.push(`Set in the policy, now version ${applied}.`);
  else if (!apply) lines.push('Run again with --apply to set them in the policy.');
  return lines.join('\n');
}
