/**
 * The one error base every service throws. `code` is stable (clients and tests match on it), `status` is the HTTP
 * status, `detail` is safe to show to the caller, `fields` names bad input fields.
 */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly detail: string | undefined;
  readonly extensions: Record<string, unknown>;

  constructor(code: string, status: number, title: string, options: { detail?: string; extensions?: Record<string, unknown>; cause?: unknown } = {}) {
    super(title, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = status;
    this.detail = options.detail;
    this.extensions = options.extensions ?? {};
  }
}

export interface FieldError {
  /** Dotted path of the offending field, e.g. `comments.3.text` or `author.id`. */
  path: string;
  message: string;
}

export class ValidationError extends AppError {
  constructor(detail: string, errors: FieldError[], extensions: Record<string, unknown> = {}) {
    super('validation_failed', 400, 'Request validation failed', { detail, extensions: { errors, ...extensions } });
  }
}

export class UnauthorizedError extends AppError {
  constructor(detail: string, code = 'unauthorized') {
    super(code, 401, 'Unauthorized', { detail });
  }
}

export class ForbiddenError extends AppError {
  constructor(detail: string) {
    super('forbidden', 403, 'Forbidden', { detail });
  }
}

export class NotFoundError extends AppError {
  constructor(detail: string) {
    super('not_found', 404, 'Not found', { detail });
  }
}

export class ConflictError extends AppError {
  constructor(detail: string, code = 'conflict', extensions: Record<string, unknown> = {}) {
    super(code, 409, 'Conflict', { detail, extensions });
  }
}

export class UnavailableError extends AppError {
  constructor(detail: string, cause?: unknown) {
    super('dependency_unavailable', 503, 'Service unavailable', { detail, cause });
  }
}

export class TooManyRequestsError extends AppError {
  /** Sent as the Retry-After header too. */
  readonly retryAfterSeconds: number;

  constructor(detail: string, retryAfterSeconds: number) {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    super('rate_limited', 429, 'Too many requests', { detail, extensions: { retryAfterSeconds: seconds } });
    this.retryAfterSeconds = seconds;
  }
}
