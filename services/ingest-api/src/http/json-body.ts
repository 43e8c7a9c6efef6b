import { AppError } from '@moderato/service-kit';
import express, { type NextFunction, type Request, type Response } from 'express';

/**
 * Keeps the body as raw bytes (signatures are verified over exactly what was sent) and refuses anything that is not
 * JSON with a 415 before reading it.
 */
export function rawJsonBody(limit: string) {
  const raw = express.raw({ type: () => true, limit });
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!req.is('application/json')) {
      next(new AppError('unsupported_media_type', 415, 'Unsupported media type', { detail: 'Send the body as application/json.' }));
      return;
    }
    raw(req, res, next);
  };
}

/** Parses the verified raw body; a 400 names the problem when it is not JSON. */
export function parseJsonBody(body: unknown): unknown {
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : '';
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError('malformed_json', 400, 'Malformed JSON', { detail: 'The request body is not valid JSON.' });
  }
}
