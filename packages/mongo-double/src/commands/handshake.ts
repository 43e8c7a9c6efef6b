import os from 'node:os';
import type { Document } from 'bson';
import type { CommandContext, CommandDefinition } from '../context.js';
import { CommandError, ErrorCode } from '../errors.js';
import { MAX_BSON_OBJECT_SIZE, MAX_MESSAGE_SIZE } from '../wire.js';

export const SERVER_VERSION = '7.0.14';
const VERSION_ARRAY = [7, 0, 14, 0];
/** Wire version of MongoDB 7.0. */
const MAX_WIRE_VERSION = 21;

/**
 * A standalone's hello: no setName/hosts (so drivers never send txnNumber or retryable-write ids),
 * no compressors (so they never send OP_COMPRESSED), no topologyVersion (so they poll instead of streaming).
 */
function helloReply(command: Document, context: CommandContext, legacy: boolean): Document {
  const reply: Document = legacy ? { ismaster: true } : { isWritablePrimary: true };
  if (command.helloOk === true) reply.helloOk = true;
  return {
    ...reply,
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    maxMessageSizeBytes: MAX_MESSAGE_SIZE,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: context.connectionId,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    ok: 1,
  };
}

export const helloCommand: CommandDefinition = {
  accepts: [],
  lenient: true,
  handler: (command, context) => helloReply(command, context, false),
};

export const isMasterCommand: CommandDefinition = {
  accepts: [],
  lenient: true,
  handler: (command, context) => helloReply(command, context, true),
};

export const pingCommand: CommandDefinition = { accepts: [], handler: () => ({ ok: 1 }) };

export const buildInfoCommand: CommandDefinition = {
  accepts: [],
  handler: () => ({
    version: SERVER_VERSION,
    gitVersion: 'mongo-double',
    versionArray: VERSION_ARRAY,
    bits: 64,
    debug: false,
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    storageEngines: ['mongo-double (in memory)'],
    javascriptEngine: 'none',
    modules: [],
    openssl: { running: 'disabled' },
    ok: 1,
  }),
};

const PARAMETERS: Record<string, unknown> = {
  featureCompatibilityVersion: { version: '7.0' },
  authenticationMechanisms: [],
  requireApiVersion: false,
};

export const getParameterCommand: CommandDefinition = {
  accepts: Object.keys(PARAMETERS),
  handler(command) {
    const selector: unknown = command.getParameter;
    const wanted = selector === '*' ? Object.keys(PARAMETERS) : Object.keys(command).filter((field) => field in PARAMETERS);
    if (wanted.length === 0) throw new CommandError(ErrorCode.InvalidOptions, 'no option found to get');
    return { ...Object.fromEntries(wanted.map((name) => [name, PARAMETERS[name]])), ok: 1 };
  },
};

export const hostInfoCommand: CommandDefinition = {
  accepts: [],
  handler: () => ({
    system: {
      currentTime: new Date(),
      hostname: os.hostname(),
      cpuAddrSize: 64,
      memSizeMB: Math.round(os.totalmem() / (1024 * 1024)),
      numCores: os.cpus().length,
      cpuArch: os.arch(),
      numaEnabled: false,
    },
    os: { type: os.type(), name: os.type(), version: os.release() },
    extra: {},
    ok: 1,
  }),
};

/** Sessions are accepted but carry no state here (no transactions, no retryable writes). */
export const endSessionsCommand: CommandDefinition = { accepts: [], handler: () => ({ ok: 1 }) };
export const refreshSessionsCommand: CommandDefinition = { accepts: [], handler: () => ({ ok: 1 }) };

export const connectionStatusCommand: CommandDefinition = {
  accepts: ['showPrivileges'],
  handler: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 }),
};
