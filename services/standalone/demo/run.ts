import { parseArgs } from 'node:util';
import { startDemoMongo, startDemoRedis } from './backends.js';
import { ModerationClient } from './moderation-client.js';
import { PublisherClient } from './publisher-client.js';
import { formatAccess, formatReport } from './report.js';
import { runScenario } from './scenario.js';
import { provisionDemoPublisher, startDemoServices } from './services.js';
import { StartedThings } from './started.js';
import { Terminal } from './terminal.js';

const USAGE = `npm run demo [-- --exit]

Starts Redis, MongoDB and Moderato's services on this machine, sends the seed article's comments and four flagged
ones as signed webhooks, and prints what Moderato made of them. Keeps running until Ctrl-C; --exit stops after printing.
`;

const PUBLISHER = { id: 'daily-chronicle', name: 'Daily Chronicle' };

const terminal = new Terminal(process.stdout);
const started = new StartedThings();

/** Past this the demo gives up on stopping in order and exits, as the services' own shutdown does. */
const STOP_TIMEOUT_MS = 30_000;

/** Stops everything the demo started and exits; a second Ctrl-C while stopping exits at once. */
async function stopAndExit(code: number): Promise<never> {
  setTimeout(() => {
    process.stderr.write(`moderato demo: still stopping after ${STOP_TIMEOUT_MS / 1000} s; exiting\n`);
    process.exit(1);
  }, STOP_TIMEOUT_MS).unref();
  terminal.line('Stopping…');
  const failures = await started.stopAll();
  for (const failure of failures) process.stderr.write(`moderato demo: could not stop ${failure}\n`);
  terminal.line(failures.length ? 'Stopped, with the errors above.' : 'Stopped: everything the demo started is gone.');
  process.exit(failures.length ? 1 : code);
}

function onSignal(signal: NodeJS.Signals): void {
  process.once(signal, () => process.exit(1));
  terminal.line(`${signal} received.`);
  void stopAndExit(0);
}

async function run(exitAfterPrinting: boolean): Promise<void> {
  terminal.line('Moderato demo: the services on this machine, a publisher sending comments, what a moderator sees.');
  terminal.line();
  const redis = await startDemoRedis(process.env);
  started.add('Redis', () => redis.handle.stop());
  terminal.line(redis.description);
  const mongo = await startDemoMongo(process.env, (line) => terminal.progress(line));
  started.add('MongoDB', () => mongo.handle.stop());
  started.add('the demo database', () => mongo.database.drop());
  terminal.line(mongo.description);
  const services = await startDemoServices({ mongoUri: mongo.database.uri, redisUrl: redis.handle.url }, process.env.LOG_LEVEL);
  started.add('the services', () => services.stop());
  terminal.line(`Services ingest API ${services.ingestUrl}, moderation API ${services.moderationUrl}, worker and dispatcher, in this process`);
  const publisher = await provisionDemoPublisher(mongo.database.uri, services.webhookSecretsKey, PUBLISHER.id, PUBLISHER.name);
  terminal.line(`Publisher ${publisher.publisherId}: a webhook secret and a moderator key, as \`npx moderato publisher create\` and \`key create\` make them`);
  terminal.line();

  const report = await runScenario(
    new PublisherClient(services.ingestUrl, publisher.publisherId, publisher.secret),
    new ModerationClient(services.moderationUrl, publisher.moderatorKey),
    terminal,
  );
  terminal.line(formatReport(report));
  terminal.line(formatAccess({ ...services, moderatorKey: publisher.moderatorKey, publisherId: publisher.publisherId, webhookSecret: publisher.secret }));
  if (exitAfterPrinting) await stopAndExit(0);
  terminal.line('Running until Ctrl-C.');
}

/** The command line's options, or undefined (after printing why) when it holds something else. */
function parseOptions(): { exit: boolean; help: boolean } | undefined {
  try {
    return parseArgs({ options: { exit: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } }).values;
  } catch (error) {
    process.stderr.write(`moderato demo: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return undefined;
  }
}

const values = parseOptions();
if (!values) {
  process.exitCode = 2;
} else if (values.help) {
  process.stdout.write(USAGE);
} else {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, onSignal);
  // A closed terminal must not cut the shutdown short: what cannot be printed is dropped.
  process.stdout.on('error', () => {});
  if (process.channel) {
    // Started by main.ts: once it is gone (killed, say), nothing else would stop this process and its servers.
    process.channel.unref();
    process.once('disconnect', () => {
      terminal.line('The demo\'s launcher is gone.');
      void stopAndExit(1);
    });
  }
  try {
    await run(values.exit);
  } catch (error) {
    terminal.endProgress();
    process.stderr.write(`moderato demo: ${error instanceof Error ? error.message : String(error)}\n`);
    await stopAndExit(1);
  }
}
