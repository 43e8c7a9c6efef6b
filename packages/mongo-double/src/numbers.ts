import { Decimal128, Double, Int32, Long } from 'bson';
type Value = unknown;

// Local rather than from values.ts, which depends on this module.
function isPlainObject(value: Value): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/**
 * How numbers are held. A JS number serialises back as int32 when it is an integer in int32 range and as double
 * otherwise, so numbers are plain JS numbers except where that would change the BSON type: an int64 stays a Long
 * and an integral double in int32 range stays a Double. Decimal128 stays Decimal128.
 */
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

function fitsInt32(value: number): boolean {
  return Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX;
}

/** Converts a document decoded with `promoteValues: false` to the representation above (in place, returns it). */
export function normalizeNumbers<T>(value: T): T {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = normalizeNumbers(value[i]);
    return value;
  }
  if (isPlainObject(value)) {
    const record: Record<string, unknown> = value;
    for (const key of Object.keys(record)) record[key] = normalizeNumbers(record[key]);
    return value;
  }
  if (value instanceof Int32) return value.value as T;
  if (value instanceof Double) return (fitsInt32(value.value) ? value : value.value) as T;
  return value;
}

export function isNumeric(value: Value): boolean {
  return typeof value === 'number' || value instanceof Long || value instanceof Double || value instanceof Int32 || value instanceof Decimal128;
}

/** The JS number a numeric value stands for (approximate for large Long and for Decimal128). */
export function toNumber(value: Value): number {
  if (value instanceof Double || value instanceof Int32) return value.value;
  if (value instanceof Long || value instanceof Decimal128) return Number(value.toString());
  return Number(value);
}

/** Replaces Long/Double wrappers by JS numbers, for mingo's arithmetic (aggregation, $inc, $min ...). */
export function plainNumbers<T>(value: T): T {
  if (Array.isArray(value)) return value.map(plainNumbers) as T;
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = plainNumbers(item);
    return copy as T;
  }
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (value instanceof Double || value instanceof Int32) return value.value as T;
  if (value instanceof Long && Number.isSafeInteger(value.toNumber())) return value.toNumber() as T;
  return value;
}

/** After arithmetic on plain numbers, gives the result the BSON type mongod would: long stays long, double stays double. */
export function retype(result: Value, operands: Value[]): Value {
  if (typeof result !== 'number') return result;
  if (operands.some((operand) => operand instanceof Decimal128)) return Decimal128.fromString(String(result));
  if (operands.some((operand) => operand instanceof Double)) return fitsInt32(result) ? new Double(result) : result;
  if (operands.some((operand) => operand instanceof Long) && Number.isInteger(result)) return Long.fromNumber(result);
  return result;
}

/** A number as an exact decimal: value = digits × 10^-scale. */
interface Exact {
  digits: bigint;
  scale: number;
}

function exactOfDouble(value: number): Exact {
  if (Number.isInteger(value)) return { digits: BigInt(value), scale: 0 };
  // value = mantissa × 2^-k exactly; multiply by 5^k to get an integer over 10^k.
  let k = 0;
  let scaled = value;
  while (!Number.isInteger(scaled)) {
    scaled *= 2;
    k += 1;
  }
  return { digits: BigInt(scaled) * 5n ** BigInt(k), scale: k };
}

function exactOfDecimal(value: Decimal128): Exact | undefined {
  const match = /^(-)?(\d+)(?:\.(\d+))?(?:E([+-]?\d+))?$/i.exec(value.toString());
  if (!match) return undefined;
  const [, minus, whole = '', fraction = '', exponent = '0'] = match;
  let scale = fraction.length - Number(exponent);
  let digits = BigInt(`${whole}${fraction}`);
  if (scale < 0) {
    digits *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { digits: minus ? -digits : digits, scale };
}

function exactOf(value: Value): Exact | undefined {
  if (value instanceof Decimal128) return exactOfDecimal(value);
  if (value instanceof Long) return { digits: BigInt(value.toString()), scale: 0 };
  const number = toNumber(value);
  return Number.isFinite(number) ? exactOfDouble(number) : undefined;
}

/** Numeric comparison across int32/int64/double/decimal, exact when a Decimal128 or a large Long is involved. */
export function compareNumbers(a: Value, b: Value): number {
  const [x, y] = [toNumber(a), toNumber(b)];
  const needsExact = a instanceof Decimal128 || b instanceof Decimal128 || a instanceof Long || b instanceof Long;
  if (needsExact && x === y && Number.isFinite(x)) {
    const [ea, eb] = [exactOf(a), exactOf(b)];
    if (ea && eb) {
      const scale = Math.max(ea.scale, eb.scale);
      const left = ea.digits * 10n ** BigInt(scale - ea.scale);
      const right = eb.digits * 10n ** BigInt(scale - eb.scale);
      return left < right ? -1 : left > right ? 1 : 0;
    }
  }
  if (Number.isNaN(x) || Number.isNaN(y)) return Number(Number.isNaN(y)) - Number(Number.isNaN(x));
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A key equal for numerically equal values of any numeric type (for hash maps). */
export function numericKey(value: Value): string {
  const number = toNumber(value);
  if (value instanceof Decimal128 || (value instanceof Long && !Number.isSafeInteger(number))) {
    if (compareNumbers(value, number) === 0) return `d${number}`;
    const exact = exactOf(value);
    if (!exact) return `m${value.toString()}`;
    let { digits, scale } = exact;
    while (scale > 0 && digits % 10n === 0n) {
      digits /= 10n;
      scale -= 1;
    }
    return `m${digits}e-${scale}`;
  }
  return `d${Object.is(number, -0) ? 0 : number}`;
}

/**
 * After mingo worked on plain numbers (`plainNumbers(before)`), puts the BSON number types of `before` back into
 * `after` wherever a number sits at the same place: unchanged values get their wrapper back, changed ones keep
 * their type as mongod's arithmetic would (a long stays long, a double stays double).
 */
export function restoreNumberTypes(before: Value, after: Value): Value {
  if (typeof after === 'number' && (before instanceof Long || before instanceof Double)) {
    return toNumber(before) === after ? before : retype(after, [before]);
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    for (let i = 0; i < after.length; i++) after[i] = restoreNumberTypes(before[i], after[i]);
    return after;
  }
  if (isPlainObject(before) && isPlainObject(after)) {
    const record: Record<string, unknown> = after;
    for (const key of Object.keys(record)) record[key] = restoreNumberTypes(before[key], record[key]);
  }
  return after;
}
