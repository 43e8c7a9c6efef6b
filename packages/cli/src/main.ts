import { fileURLToPath } from 'node:url';
import { AlreadyExistsError, RecordNotFoundError } from '@moderato/storage';
import { keyCommand, publisherCommand } from './commands/admin.js';
import { evalCommand, scoreCommand, trainCommand } from './commands/analysis.js';
import { UsageError, type CommandIo } from './commands/io.js';
import { policyCommand } from './commands/policy.js';

const HELP = `moderato — Moderato's command line

  moderato publisher create <publisherId> [--name NAME]       register a publisher; prints its webhook secret
  moderato publisher rotate-secret <publisherId> [--grace-hours N]
                                                              new secret; the old one stays valid N hours (default 24)
  moderato publisher seal-secrets                             seal webhook secrets stored in the clear (from before the key)
  moderato key create --publisher <id> --role moderator|analyst|admin [--label TEXT]
                                                              issue an API key; prints it
  moderato key revoke <keyId>                                 revoke an API key
  moderato policy show --publisher <id> [--models DIR]        print the publisher's policy (effective, overrides, defaults)
  moderato policy set --publisher <id> --file policy.json [--expect-version N]
                                                              replace the publisher's policy overrides with the file's
  moderato policy author --publisher <id> --author <authorId> --standing trusted|banned|none [--reason TEXT]
                                                              trust or ban an author, or neither
  moderato train [--data DIR] [--out DIR]                     train the analysis models from labelled data
  moderato eval --task spam|sentiment|toxicity|duplicates --data FILE.jsonl [--models DIR]
                                                              measure the shipped analysis; prints one JSON object
  moderato score [--models DIR] < comments.jsonl              analyze comments (JSONL in, JSONL out)

Publisher, key and policy commands read MONGODB_URI; publisher commands also WEBHOOK_SECRETS_KEY (32 bytes, base64:
openssl rand -base64 32), with which webhook secrets are sealed in the database. Secrets and keys are printed
alone on the last line of stdout.
`;

const COMMANDS: Record<string, (argv: string[], io: CommandIo) => Promise<number>> = {
  publisher: publisherCommand,
  key: keyCommand,
  policy: policyCommand,
  train: trainCommand,
  eval: evalCommand,
  score: scoreCommand,
};

export async function runCli(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(HELP);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`moderato: unknown command "${name}"\n\n${HELP}`);
    return 2;
  }
  try {
    return await command(rest, io);
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      io.stderr.write(`moderato ${name}: ${error.message}\n`);
      return 2;
    }
    if (error instanceof AlreadyExistsError || error instanceof RecordNotFoundError) {
      io.stderr.write(`moderato ${name}: ${error.message}\n`);
      return 1;
    }
    io.stderr.write(`moderato ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = await runCli(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
}
