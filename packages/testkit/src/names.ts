import { randomBytes } from 'node:crypto';

/**
 * A name unique to this test run, for a queue, a database or a key prefix, so that tests never
 * see each other's data. MongoDB database names are limited to 63 bytes; we stay well below.
 */
export function uniqueName(label: string): string {
  const safe = label.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 24);
  return `t_${safe}_${randomBytes(5).toString('hex')}`;
}
