/** A signing secret as stored: sealed, with when it was made and, once rotated out, when its grace period ends. */
export interface StoredSecret {
  secret: string;
  createdAt: Date;
  /** Unset for the current secret. */
  expiresAt?: Date | null;
}

/** Whether a stored secret may still sign or verify: the current one, or one still in its grace period. */
export function stillValid(entry: { expiresAt?: Date | null }, now: Date): boolean {
  return !entry.expiresAt || entry.expiresAt > now;
}

/**
 * The secrets after a rotation: those still valid, each ending its grace period within `graceSeconds` at the latest,
 * then `sealedNew` as the current one. Secrets whose grace has ended are dropped.
 */
export function rotatedSecrets(entries: readonly StoredSecret[], sealedNew: string, now: Date, graceSeconds: number): StoredSecret[] {
  const graceEnd = new Date(now.getTime() + graceSeconds * 1000);
  const kept = entries
    .filter((entry) => stillValid(entry, now))
    .map((entry) => ({ secret: entry.secret, createdAt: entry.createdAt, expiresAt: entry.expiresAt && entry.expiresAt < graceEnd ? entry.expiresAt : graceEnd }));
  return [...kept, { secret: sealedNew, createdAt: now, expiresAt: null }];
}
