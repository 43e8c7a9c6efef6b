/** Server error codes the double reports, named as mongod names them (src/mongo/base/error_codes.yml). */
export const ErrorCode = {
  InternalError: 1,
  BadValue: 2,
  FailedToParse: 9,
  TypeMismatch: 14,
  Unauthorized: 13,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  CursorNotFound: 43,
  NamespaceExists: 48,
  CommandNotFound: 59,
  ImmutableField: 66,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  ProtocolError: 17,
  InvalidIndexSpecificationOption: 197,
  CannotCreateIndex: 67,
  InvalidLength: 16,
  UnknownField: 40415,
  Location40324: 40324,
  Location40573: 40573,
  DuplicateKey: 11000,
} as const;

const CODE_NAMES: Record<number, string> = {
  1: 'InternalError',
  2: 'BadValue',
  9: 'FailedToParse',
  13: 'Unauthorized',
  14: 'TypeMismatch',
  17: 'ProtocolError',
  20: 'IllegalOperation',
  26: 'NamespaceNotFound',
  27: 'IndexNotFound',
  43: 'CursorNotFound',
  48: 'NamespaceExists',
  59: 'CommandNotFound',
  66: 'ImmutableField',
  72: 'InvalidOptions',
  73: 'InvalidNamespace',
  85: 'IndexOptionsConflict',
  86: 'IndexKeySpecsConflict',
  16: 'InvalidLength',
  28: 'PathNotViable',
  52: 'DollarPrefixedFieldName',
  67: 'CannotCreateIndex',
  40415: 'Location40415',
  40324: 'Location40324',
  40573: 'Location40573',
  197: 'InvalidIndexSpecificationOption',
  11000: 'DuplicateKey',
};

/** An error the client sees as `{ ok: 0, errmsg, code, codeName, ...extra }` or as a writeError entry. */
export class CommandError extends Error {
  readonly code: number;
  readonly extra: Record<string, unknown>;

  constructor(code: number, message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.name = 'CommandError';
    this.code = code;
    this.extra = extra;
  }

  get codeName(): string | undefined {
    return CODE_NAMES[this.code];
  }

  toReply(): Record<string, unknown> {
    const reply: Record<string, unknown> = { ok: 0, errmsg: this.message, code: this.code };
    if (this.codeName) reply.codeName = this.codeName;
    return { ...reply, ...this.extra };
  }

  /** The shape of one entry of `writeErrors` in a write command reply. */
  toWriteError(index: number): Record<string, unknown> {
    return { index, code: this.code, errmsg: this.message, ...this.extra };
  }
}

export function badValue(message: string): CommandError {
  return new CommandError(ErrorCode.BadValue, message);
}

export function failedToParse(message: string): CommandError {
  return new CommandError(ErrorCode.FailedToParse, message);
}

export function typeMismatch(message: string): CommandError {
  return new CommandError(ErrorCode.TypeMismatch, message);
}

/** Anything the double does not implement is refused with a message that names it. */
export function unsupported(what: string): CommandError {
  return new CommandError(ErrorCode.BadValue, `${what} is not supported by mongo-double`);
}

/**
 * Errors thrown inside mingo (unknown operator, bad expression) reach the client as BadValue naming the cause;
 * anything else is a bug in the double and is reported as InternalError rather than dropping the connection.
 */
export function toCommandError(error: unknown): CommandError {
  if (error instanceof CommandError) return error;
  if (error instanceof Error && error.constructor.name === 'MingoError') {
    if (error.message.includes('positional operator found no match')) {
      // mingo resolves `$` only for top-level arrays; mongod's message for a positional update without a match.
      return new CommandError(ErrorCode.BadValue, `The positional operator did not find the match needed from the query (${error.message})`);
    }
    return new CommandError(ErrorCode.BadValue, error.message);
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return new CommandError(ErrorCode.InternalError, `mongo-double internal error: ${message}`);
}
