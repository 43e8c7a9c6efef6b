import { Router } from 'express';
import { principalOf } from './auth.js';

/**
 * `GET /v1/me`: whose key this is, for any valid key. The page asks it after sign-in to name the role and offer the
 * views that role may use. Fields are picked one by one so that nothing added to the principal later leaks here.
 */
export function meRouter(): Router {
  const router = Router();
  router.get('/v1/me', (req, res) => {
    const { publisherId, role, keyId } = principalOf(req);
    res.json({ publisherId, role, keyId });
  });
  return router;
}
