/**
 * A growable chained hash table from 32-bit key hashes to integer values, in typed arrays: about 12 bytes per
 * entry, so an index of a million comments × 32 band keys fits in a few hundred megabytes, and a lookup walks only
 * the entries whose key hash lands in the same bucket.
 */
export class BandTable {
  private heads = new Int32Array(1024).fill(-1);
  private keys = new Uint32Array(1024);
  private values = new Int32Array(1024);
  private next = new Int32Array(1024);
  private count = 0;

  get size(): number {
    return this.count;
  }

  insert(key: number, value: number): void {
    if (this.count === this.keys.length) this.growEntries();
    if (this.count >= this.heads.length) this.rehash(this.heads.length * 2);
    const at = this.count++;
    const bucket = key & (this.heads.length - 1);
    this.keys[at] = key;
    this.values[at] = value;
    this.next[at] = this.heads[bucket] ?? -1;
    this.heads[bucket] = at;
  }

  /** Calls `visit` with every value stored under `key`. */
  forEach(key: number, visit: (value: number) => void): void {
    const wanted = key >>> 0;
    for (let at = this.heads[key & (this.heads.length - 1)] ?? -1; at !== -1; at = this.next[at] ?? -1) {
      if (this.keys[at] === wanted) visit(this.values[at] ?? -1);
    }
  }

  /** Bytes held by the typed arrays. */
  get byteLength(): number {
    return this.heads.byteLength + this.keys.byteLength + this.values.byteLength + this.next.byteLength;
  }

  private growEntries(): void {
    const capacity = this.keys.length * 2;
    this.keys = copyInto(new Uint32Array(capacity), this.keys);
    this.values = copyInto(new Int32Array(capacity), this.values);
    this.next = copyInto(new Int32Array(capacity), this.next);
  }

  private rehash(bucketCount: number): void {
    this.heads = new Int32Array(bucketCount).fill(-1);
    for (let at = 0; at < this.count; at++) {
      const bucket = (this.keys[at] ?? 0) & (bucketCount - 1);
      this.next[at] = this.heads[bucket] ?? -1;
      this.heads[bucket] = at;
    }
  }
}

function copyInto<T extends Uint32Array | Int32Array>(target: T, source: T): T {
  target.set(source);
  return target;
}
