import type { NextFunction, Request, Response } from 'express';
import { AppError, TooManyRequestsError } from '../errors.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

interface BodyParserError extends Error {
  type?: string;
  status?: number;
}

/** Maps body-parser's own errors to the stable codes our clients see. */
function fromBodyParser(error: BodyParserError): AppError | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return new AppError('malformed_json', 400, 'Malformed JSON', { detail: 'The request body is not valid JSON.' });
    case 'entity.too.large':
      return new AppError('payload_too_large', 413, 'Payload too large', { detail: error.message });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('unsupported_encoding', 415, 'Unsupported encoding', { detail: error.message });
    case 'request.aborted':
      return new AppError('request_aborted', 400, 'Request aborted', { detail: 'The client aborted the request.' });
    default:
      return undefined;
  }
}

/**
 * The one Express error handler: logs once, answers RFC 9457 problem+json, never leaks a stack trace.
 * Unknown errors become a 500 with a generic detail; the request id lets operators find the log line.
 */
export function problemHandler() {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const appError = error instanceof AppError ? error : fromBodyParser(error as BodyParserError);
    const status = appError?.status ?? 500;
    if (status >= 500) req.log.error({ err: error, code: appError?.code }, 'request failed');
    else req.log.warn({ code: appError?.code, detail: appError?.detail }, 'request rejected');
    if (res.headersSent) return;
    if (appError instanceof TooManyRequestsError) res.set('retry-after', String(appError.retryAfterSeconds));
    res.status(status).type(PROBLEM_CONTENT_TYPE).json({
      type: `https://moderato.dev/problems/${appError?.code ?? 'internal_error'}`,
      title: appError?.message ?? 'Internal server error',
      status,
      code: appError?.code ?? 'internal_error',
      detail: appError?.detail ?? 'An unexpected error occurred.',
      instance: req.originalUrl,
      requestId: req.requestId,
      ...appError?.extensions,
    });
  };
}

/** 404 for any route no router answered, in the same problem format. */
export function notFoundHandler() {
  return (req: Request, _res: Response, next: NextFunction): void => {
    next(new AppError('route_not_found', 404, 'Not found', { detail: `No route for ${req.method} ${req.path}.` }));
  };
}
