import type { Document } from 'bson';
import type { CursorRegistry } from './cursors.js';
import type { Store } from './store.js';

/** What a command handler can reach: the shared data, the shared cursors, and who is asking. */
export interface CommandContext {
  readonly store: Store;
  readonly cursors: CursorRegistry;
  readonly connectionId: number;
  /** The database the command runs against (its `$db`). */
  readonly database: string;
}

/** Handlers are synchronous, so one command runs to completion before the next one starts (atomicity for free). */
export type CommandHandler = (command: Document, context: CommandContext) => Document;

export interface CommandDefinition {
  readonly handler: CommandHandler;
  /** Command-specific fields the double implements. */
  readonly accepts: readonly string[];
  /** Fields mongod knows for this command that the double refuses by name (rather than calling them unknown). */
  readonly refuses?: readonly string[];
  /** Like mongod's hello, which ignores fields it does not know (drivers add new ones over time). */
  readonly lenient?: boolean;
}
