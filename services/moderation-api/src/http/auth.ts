import { ForbiddenError, UnauthorizedError } from '@moderato/service-kit';
import { authenticateApiKey, type ApiKeyPrincipal, type ApiKeyRole, type AuditActor, type Storage } from '@moderato/storage';
import type { NextFunction, Request, Response } from 'express';

declare module 'express-serve-static-core' {
  interface Request {
    /** The API key's publisher and role, set by `authenticate`. */
    principal?: ApiKeyPrincipal;
  }
}

const BEARER = /^Bearer +(\S+)$/i;

/** `Authorization: Bearer <key>` → req.principal; 401 when the header is missing, malformed, or the key is unknown or revoked. */
export function authenticate(storage: Storage) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    res.setHeader('WWW-Authenticate', 'Bearer realm="moderato"');
    const header = req.get('authorization');
    if (!header) throw new UnauthorizedError('Send an API key as "Authorization: Bearer <key>".', 'missing_api_key');
    const key = BEARER.exec(header)?.[1];
    if (!key) throw new UnauthorizedError('The Authorization header must be "Bearer <key>".', 'malformed_authorization');
    const principal = await authenticateApiKey(storage, key);
    if (!principal) throw new UnauthorizedError('The API key is unknown or revoked.', 'invalid_api_key');
    res.removeHeader('WWW-Authenticate');
    req.principal = principal;
    next();
  };
}

/** 403 unless the authenticated key has one of `roles`. */
export function requireRole(...roles: ApiKeyRole[]) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const { role } = principalOf(req);
    if (!roles.includes(role)) throw new ForbiddenError(`This endpoint needs a key with role ${roles.join(' or ')}; this key's role is ${role}.`);
    next();
  };
}

export function principalOf(req: Request): ApiKeyPrincipal {
  if (!req.principal) throw new Error('principalOf: route is not behind authenticate()');
  return req.principal;
}

/** The authenticated key as the audit log names it: id, label (null when it has none) and role. */
export function actorOf(req: Request): AuditActor {
  const { keyId, label, role } = principalOf(req);
  return { keyId, label: label ?? null, role };
}
