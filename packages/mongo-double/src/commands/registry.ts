import type { Document } from 'bson';
import type { CommandContext, CommandDefinition } from '../context.js';
import { CommandError, ErrorCode, toCommandError } from '../errors.js';
import { validateCommandFields } from '../options.js';
import { aggregateCommand } from './aggregate.js';
import {
  createCommand, dropCommand, dropDatabaseCommand, listCollectionsCommand, listDatabasesCommand,
} from './collections.js';
import { countCommand, distinctCommand } from './count-distinct.js';
import { deleteCommand } from './delete.js';
import { findAndModifyCommand } from './find-and-modify.js';
import { findCommand, getMoreCommand, killCursorsCommand } from './find.js';
import {
  buildInfoCommand, connectionStatusCommand, endSessionsCommand, getParameterCommand, helloCommand, hostInfoCommand,
  isMasterCommand, pingCommand, refreshSessionsCommand,
} from './handshake.js';
import { createIndexesCommand, dropIndexesCommand, listIndexesCommand } from './indexes.js';
import { insertCommand } from './insert.js';
import { updateCommand } from './update.js';

/** Every command the double answers; anything else is CommandNotFound, as on mongod. Aliases are mongod's. */
const COMMANDS: Record<string, CommandDefinition> = {
  hello: helloCommand,
  isMaster: isMasterCommand,
  ismaster: isMasterCommand,
  ping: pingCommand,
  buildInfo: buildInfoCommand,
  buildinfo: buildInfoCommand,
  getParameter: getParameterCommand,
  hostInfo: hostInfoCommand,
  endSessions: endSessionsCommand,
  refreshSessions: refreshSessionsCommand,
  connectionStatus: connectionStatusCommand,
  insert: insertCommand,
  update: updateCommand,
  delete: deleteCommand,
  find: findCommand,
  getMore: getMoreCommand,
  killCursors: killCursorsCommand,
  findAndModify: findAndModifyCommand,
  findandmodify: findAndModifyCommand,
  aggregate: aggregateCommand,
  count: countCommand,
  distinct: distinctCommand,
  create: createCommand,
  drop: dropCommand,
  dropDatabase: dropDatabaseCommand,
  listCollections: listCollectionsCommand,
  listDatabases: listDatabasesCommand,
  createIndexes: createIndexesCommand,
  listIndexes: listIndexesCommand,
  dropIndexes: dropIndexesCommand,
  deleteIndexes: dropIndexesCommand,
};

export const SUPPORTED_COMMANDS: readonly string[] = Object.keys(COMMANDS);

/** Runs one command to completion and returns its reply; failures become `{ ok: 0, ... }` replies. */
export function executeCommand(command: Document, context: CommandContext): Document {
  try {
    const name = Object.keys(command)[0];
    if (name === undefined) throw new CommandError(ErrorCode.FailedToParse, 'Empty command object');
    const definition = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!definition) throw new CommandError(ErrorCode.CommandNotFound, `no such command: '${name}'`);
    if (!definition.lenient) validateCommandFields(name, command, definition.accepts, definition.refuses);
    return definition.handler(command, context);
  } catch (error) {
    return toCommandError(error).toReply();
  }
}
