import type { Storage } from '../src/index.js';

/** One key's claim: the key it leases to, and the call that claims. */
export interface RacingClaim<T> {
  keyId: string;
  claim: () => Promise<T>;
}

/**
 * Runs the claims at once, forcing the race a lease's conditional write exists for: every claim reads the queue before
 * any of them writes a lease, then they write one at a time, each claim finished (and its answer fixed) before the next
 * one's first write. A later claim then writes over items it read free that an earlier one has since won; only the
 * write's condition keeps it from taking them, so without it two answers hold the same items. Answers in `claims` order.
 */
export async function claimInTurnAfterReading<T>(storage: Storage, claims: Array<RacingClaim<T>>): Promise<T[]> {
  const comments = storage.models.comments;
  const updateMany = comments.updateMany;
  const order = claims.map((entry) => entry.keyId);
  const arrived = new Set<string>();
  const gatedWrites = new Set<string>();
  let allRead: () => void = () => undefined;
  const everyoneRead = new Promise<void>((resolve) => (allRead = resolve));
  // A claim that ends without writing (an error, an empty queue) must not hold the others at the gate.
  const arrive = (keyId: string): void => {
    arrived.add(keyId);
    if (arrived.size === order.length) allRead();
  };
  const answers: Array<Promise<T>> = [];
  const gated = (...args: Parameters<typeof updateMany>) => {
    const keyId = leasedTo(args[1]);
    const turn = keyId === undefined ? -1 : order.indexOf(keyId);
    if (turn < 0 || arrived.has(keyId!)) return updateMany.apply(comments, args);
    gatedWrites.add(keyId!);
    arrive(keyId!);
    return everyoneRead.then(() => Promise.allSettled(answers.slice(0, turn))).then(() => updateMany.apply(comments, args));
  };
  comments.updateMany = gated as typeof updateMany;
  try {
    for (const { keyId, claim } of claims) answers.push(claim().finally(() => arrive(keyId)));
    const settled = await Promise.all(answers);
    // Should leases stop being written with updateMany, the race would go unforced and the test prove nothing.
    if (gatedWrites.size !== order.length) throw new Error(`the race was not forced: only ${[...gatedWrites].join(', ') || 'no key'} leased through updateMany`);
    return settled;
  } finally {
    comments.updateMany = updateMany;
  }
}

/** The key an update leases its items to, when it is a lease. @param update the update document of an updateMany */
function leasedTo(update: unknown): string | undefined {
  const claim = (update as { $set?: { claim?: { keyId?: unknown } | null } } | undefined)?.$set?.claim;
  return typeof claim?.keyId === 'string' ? claim.keyId : undefined;
}
