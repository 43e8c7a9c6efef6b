/**
 * An open-addressing hash table over a typed array, keyed by 32-bit hashes handled as signed integers (`h | 0`),
 * which V8 keeps unboxed (as unsigned, half of them would be heap numbers). A lookup is a few operations on
 * contiguous memory and allocates nothing.
 */

/**
 * Feature weights keyed by feature hash. Key and weight sit side by side in one Float64Array (key at 2i, weight
 * at 2i + 1; NaN marks a free slot), so a probe touches one cache line.
 */
export class WeightTable {
  private readonly slots: Float64Array;
  private readonly mask: number;

  constructor(entries: ReadonlyMap<number, number>) {
    this.mask = capacityFor(entries.size) - 1;
    this.slots = new Float64Array(2 * (this.mask + 1)).fill(NaN);
    for (const [hash, weight] of entries) {
      let slot = slotOf(hash | 0, this.mask);
      while (!Number.isNaN(this.slots[2 * slot])) slot = (slot + 1) & this.mask;
      this.slots[2 * slot] = hash | 0;
      this.slots[2 * slot + 1] = weight;
    }
  }

  /** Whether the model has a feature with this hash (signed or unsigned form). */
  has(hash: number): boolean {
    const key = hash | 0;
    for (let slot = slotOf(key, this.mask); ; slot = (slot + 1) & this.mask) {
      const stored = this.slots[2 * slot]!;
      if (stored === key) return true;
      if (stored !== stored) return false; // NaN: a free slot ends the probe
    }
  }

  /** The weight of the feature with this hash (signed or unsigned form), 0 when the model has none. */
  get(hash: number): number {
    const key = hash | 0;
    for (let slot = slotOf(key, this.mask); ; slot = (slot + 1) & this.mask) {
      const stored = this.slots[2 * slot]!;
      if (stored === key) return this.slots[2 * slot + 1]!;
      if (stored !== stored) return 0; // NaN: a free slot ends the probe
    }
  }
}

function capacityFor(size: number): number {
  let capacity = 16;
  while (capacity < size * 2) capacity *= 2; // at most half full: probe runs stay short
  return capacity;
}

function slotOf(hash: number, mask: number): number {
  return (hash ^ (hash >> 15)) & mask;
}
