import type { Fingerprint } from '../types.js';
import { locateBandKey } from './bands.js';
import { BandTable } from './band-table.js';
import { hashString } from './hash.js';

/**
 * In-memory LSH index of fingerprints, the counterpart of the production query
 * `{ publisherId, $or: [{ 'fingerprint.exact': exact }, { 'fingerprint.bands': { $in: bands } }] }`:
 * each band has its own table from key hash to comment, so a lookup touches only comments that share a band key
 * (or the exact key) with the query, however many are stored.
 */
export class LshIndex {
  private readonly ids: string[] = [];
  private readonly bandTables: BandTable[] = [];
  private readonly exactTable = new BandTable();

  get size(): number {
    return this.ids.length;
  }

  add(id: string, fingerprint: Fingerprint): void {
    const at = this.ids.length;
    this.ids.push(id);
    this.exactTable.insert(hashString(fingerprint.exact), at);
    for (const key of fingerprint.bands) {
      const { band, hash } = locateBandKey(key, hashString);
      this.tableFor(band).insert(hash, at);
    }
  }

  /** Ids of stored fingerprints sharing the exact key or at least one band key, each once, in insertion order. */
  query(fingerprint: Fingerprint): string[] {
    const found = new Set<number>();
    const collect = (at: number): void => void found.add(at);
    this.exactTable.forEach(hashString(fingerprint.exact), collect);
    for (const key of fingerprint.bands) {
      const { band, hash } = locateBandKey(key, hashString);
      this.tableFor(band).forEach(hash, collect);
    }
    return [...found].sort((x, y) => x - y).map((at) => this.ids[at] ?? '');
  }

  /** Bytes held by the index's hash tables (the id strings come on top). */
  get tableBytes(): number {
    return this.bandTables.reduce((sum, table) => sum + table.byteLength, this.exactTable.byteLength);
  }

  private tableFor(band: number): BandTable {
    // Keys of an unexpected shape (band −1) share one extra table at the end.
    const slot = band >= 0 && band < 1024 ? band : 1024;
    let table = this.bandTables[slot];
    if (!table) {
      table = new BandTable();
      this.bandTables[slot] = table;
    }
    return table;
  }
}
