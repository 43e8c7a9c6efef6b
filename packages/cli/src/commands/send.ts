import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { MAX_BATCH_SIZE } from '@moderato/contracts';
import { secretKey } from '@moderato/webhooks';
import { BadLineError, batchBody, countCommentLines, inBatches, readCommentLines, type CommentLine } from '../send/comments-file.js';
import { deliverBatch, type IngestTarget } from '../send/delivery.js';
import { createProgress, type Progress } from '../send/progress.js';
import { summary } from '../send/report.js';
import { DEFAULT_RETRY_POLICY } from '../send/retry.js';
import { SendTally } from '../send/tally.js';
import { UsageError, integerIn, publisherOption, runAction, type CliContext, type CommandIo } from './io.js';

export const DEFAULT_INGEST_URL = 'http://localhost:8080';
const DEFAULT_BATCH_SIZE = 100;
/** Without a terminal, a progress line every this many batches. */
const PROGRESS_EVERY_BATCHES = 10;

interface SendOptions {
  url: string;
  publisher: string;
  secret: string;
  batch: number;
}

/** `moderato send FILE.jsonl`: a sample publisher client, delivering a file of comments as signed webhooks. */
export function registerSendCommand(program: Command, context: CliContext): void {
  const send = program.command('send')
    .description("deliver a JSONL file of comments to the ingest API, signed as the publisher's webhooks are")
    .argument('<file>', 'one comment a line, each as POST /v1/comments takes it')
    .addOption(new Option('--url <url>', 'the ingest API').argParser(httpUrl).default(DEFAULT_INGEST_URL))
    .addOption(publisherOption())
    .addOption(new Option('--secret <whsec_…>', "the publisher's webhook secret").env('MODERATO_WEBHOOK_SECRET').argParser(webhookSecret).makeOptionMandatory())
    .addOption(new Option('--batch <n>', 'comments a delivery').argParser(integerIn(1, MAX_BATCH_SIZE)).default(DEFAULT_BATCH_SIZE));
  send.action(runAction(context, send, (command) => {
    const [file] = command.processedArgs as [string];
    return sendFile(file, command.opts<SendOptions>(), context.io);
  }));
}

/** Checks the whole file, then sends it batch by batch; exit code 0 only when every comment was accepted. */
async function sendFile(file: string, options: SendOptions, io: CommandIo): Promise<number> {
  const tally = new SendTally(await checkedCount(file));
  const target: IngestTarget = { commentsUrl: `${options.url.replace(/\/+$/, '')}/v1/comments`, publisherId: options.publisher, secret: options.secret };
  const progress = createProgress(io.stderr, PROGRESS_EVERY_BATCHES);
  try {
    for await (const batch of inBatches(readCommentLines(file), options.batch)) {
      if (!(await sendBatch(target, batch, tally, progress))) break;
    }
  } catch (error) {
    // The file changed after it was checked.
    if (!(error instanceof BadLineError)) throw error;
    tally.stop(error.lineNumber, error.message);
  }
  progress.finish(tally);
  io.stdout.write(summary(tally, file));
  return tally.allAccepted ? 0 : 1;
}

/** Delivers one batch under its own webhook-id and counts what became of it; false when it finally failed. */
async function sendBatch(target: IngestTarget, batch: CommentLine[], tally: SendTally, progress: Progress): Promise<boolean> {
  const lines = `lines ${batch[0]!.lineNumber}-${batch.at(-1)!.lineNumber}`;
  const outcome = await deliverBatch(target, batchBody(batch), `msg_${randomUUID()}`, DEFAULT_RETRY_POLICY, {
    sleep: (ms) => sleep(ms),
    onRetry: ({ attempt, maxAttempts, reason, delayMs }) =>
      progress.note(`${lines}: ${reason}; attempt ${attempt + 1} of ${maxAttempts} in ${(delayMs / 1000).toFixed(1)} s`),
  });
  if (!outcome.delivered) {
    tally.stop(batch[0]!.lineNumber, outcome.reason);
    return false;
  }
  tally.record(batch, outcome.results);
  progress.update(tally);
  return true;
}

/** The number of comments in the file, every line checked; a bad line stops the command before anything is sent. */
async function checkedCount(file: string): Promise<number> {
  try {
    return await countCommentLines(file);
  } catch (error) {
    if (error instanceof BadLineError) throw new Error(`${file} ${error.message}; nothing was sent`);
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
}

function httpUrl(value: string): string {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw new InvalidArgumentError('must be an http:// or https:// URL');
  return value;
}

function webhookSecret(value: string): string {
  try {
    secretKey(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
  return value;
}
