import { AppError, UnavailableError } from '@moderato/service-kit';

/** Dependencies must answer within this time, or the request gets a 503 rather than hanging. */
export const DEPENDENCY_DEADLINE_MS = 1_000;

export async function withDeadline<T>(dependency: string, work: () => Promise<T>, ms = DEPENDENCY_DEADLINE_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${dependency} did not answer within ${ms} ms`)), ms);
      }),
    ]);
  } catch (error) {
    // The work's own errors already say what went wrong; anything else is the dependency failing or too slow.
    if (error instanceof AppError) throw error;
    throw new UnavailableError(`${dependency} is unavailable; nothing was accepted, retry the delivery later.`, error);
  } finally {
    clearTimeout(timer);
  }
}
