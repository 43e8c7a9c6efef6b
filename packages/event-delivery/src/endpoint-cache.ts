import { findEndpointForDelivery, type EndpointForDelivery, type Storage } from '@moderato/storage';

/**
 * Endpoints as the dispatcher last read them, for a short while: a burst of events to one endpoint reads it once,
 * not once per delivery. A change made through the API (disabled, rotated, moved) is seen within `ttlMs`; a change
 * this process makes itself (410, disabled after failing) is seen at once.
 */
export class EndpointCache {
  private readonly entries = new Map<string, { endpoint: EndpointForDelivery | null; expiresAt: number }>();

  constructor(private readonly storage: Storage, private readonly ttlMs: number) {}

  async get(endpointId: string, now = Date.now()): Promise<EndpointForDelivery | null> {
    const cached = this.entries.get(endpointId);
    if (cached && cached.expiresAt > now) return cached.endpoint;
    const endpoint = await findEndpointForDelivery(this.storage, endpointId);
    this.entries.set(endpointId, { endpoint, expiresAt: now + this.ttlMs });
    return endpoint;
  }

  forget(endpointId: string): void {
    this.entries.delete(endpointId);
  }
}

/**
 * Whether a delivery should be written to the endpoint's record (lastDeliveredAt, and the end of a run of failures):
 * always after a failure, else at most every `intervalMs`, so a busy endpoint costs no write per delivery.
 */
export class DeliveredMarks {
  private readonly marked = new Map<string, number>();

  constructor(private readonly intervalMs: number) {}

  due(endpointId: string, now = Date.now()): boolean {
    const last = this.marked.get(endpointId);
    if (last !== undefined && now - last < this.intervalMs) return false;
    this.marked.set(endpointId, now);
    return true;
  }

  failed(endpointId: string): void {
    this.marked.delete(endpointId);
  }
}
