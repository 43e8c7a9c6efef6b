/**
 * Client addresses this instance knows to be over the failed-authentication limit, each until its window ends. Kept
 * in memory so refusing them costs no Redis round trip; bounded, so an attacker with many addresses cannot grow it
 * without limit (the oldest entry goes first; an address dropped early is refused again by the post-auth check).
 */
export class BlockedAddresses {
  private readonly until = new Map<string, number>();

  constructor(private readonly capacity = 100_000) {}

  block(address: string, forMs: number, now = Date.now()): void {
    this.until.delete(address);
    if (this.until.size >= this.capacity) {
      const oldest = this.until.keys().next();
      if (!oldest.done) this.until.delete(oldest.value);
    }
    this.until.set(address, now + forMs);
  }

  /** Milliseconds until `address` may try again, or 0 when it is not blocked. */
  remainingMs(address: string, now = Date.now()): number {
    const until = this.until.get(address);
    if (until === undefined) return 0;
    if (until <= now) {
      this.until.delete(address);
      return 0;
    }
    return until - now;
  }
}
