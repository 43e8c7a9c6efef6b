import { AppError, UnavailableError } from '@moderato/service-kit';
import type { NextFunction, Request, Response } from 'express';

const MONGO_UNREACHABLE = /^Mongo(ose)?(ServerSelection|Network|NetworkTimeout|TopologyClosed|NotConnected|PoolCleared)Error$/;

/** Turns "MongoDB is unreachable" into a 503 (retry later) instead of a 500 (our bug); everything else passes through. */
export function dependencyErrors() {
  return (error: unknown, _req: Request, _res: Response, next: NextFunction): void => {
    next(isMongoUnreachable(error) ? new UnavailableError('The database is unavailable; retry later.', error) : error);
  };
}

function isMongoUnreachable(error: unknown): boolean {
  if (error instanceof AppError || !(error instanceof Error)) return false;
  // Mongoose buffers operations while disconnected and fails them with a plain MongooseError after its timeout.
  return MONGO_UNREACHABLE.test(error.name) || /buffering timed out/.test(error.message);
}
