import { Command } from 'commander';
import { registerKeyCommands, registerPublisherCommands } from './commands/admin.js';
import { registerAnalysisCommands } from './commands/analysis.js';
import type { CliContext } from './commands/io.js';
import { registerPolicyCommands } from './commands/policy.js';
import { registerSendCommand } from './commands/send.js';
import { helpConfiguration } from './help.js';

const ENVIRONMENT_NOTES = `Publisher, key and policy commands read MONGODB_URI; publisher commands also WEBHOOK_SECRETS_KEY (32 bytes, base64:
openssl rand -base64 32), with which webhook secrets are sealed in the database. Secrets and keys are printed
alone on the last line of stdout. send reads its --secret from MODERATO_WEBHOOK_SECRET when the option is left out.
`;

/**
 * The `moderato` command tree, writing to `context.io` and throwing commander's errors instead of exiting, so that
 * runCli decides the exit code and tests run it in-process. Every setting here is made before the subcommands are
 * added, since each subcommand copies them from its parent when it is created.
 */
export function createProgram(context: CliContext): Command {
  const program = new Command('moderato')
    .description("Moderato's command line")
    .configureOutput({ writeOut: (text) => context.io.stdout.write(text), writeErr: (text) => context.io.stderr.write(text) })
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .configureHelp(helpConfiguration(ENVIRONMENT_NOTES));
  registerPublisherCommands(program, context);
  registerKeyCommands(program, context);
  registerPolicyCommands(program, context);
  registerAnalysisCommands(program, context);
  registerSendCommand(program, context);
  return program;
}
