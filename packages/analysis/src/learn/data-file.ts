import { existsSync, readFileSync } from 'node:fs';

/** A labelled-data file the training or measuring needs; throws naming what it is for when it is missing. */
export function readRequired(path: string, what: string): string {
  if (!existsSync(path)) throw new Error(`${what}: missing data file ${path}`);
  return readFileSync(path, 'utf8');
}
