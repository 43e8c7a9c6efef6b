import { Router } from 'express';

export type ReadinessCheck = () => Promise<unknown>;

const CHECK_TIMEOUT_MS = 1_000;

/**
 * `GET /healthz`: the process is up. `GET /readyz`: every dependency answered within a second;
 * 503 names the ones that did not, so an orchestrator stops routing traffic here.
 */
export function healthRouter(checks: Record<string, ReadinessCheck>): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => [name, await runCheck(check)] as const),
    );
    const failing = results.filter(([, result]) => result !== 'ok');
    res.status(failing.length ? 503 : 200).json({ status: failing.length ? 'unavailable' : 'ok', checks: Object.fromEntries(results) });
  });
  return router;
}

async function runCheck(check: ReadinessCheck): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return 'ok';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    clearTimeout(timer);
  }
}
