import type { z } from 'zod';
import type { FieldError } from './errors.js';

/** Flattens zod issues into one entry per offending field, with a dotted path. */
export function fieldErrors(error: z.ZodError, prefix: Array<string | number> = []): FieldError[] {
  return error.issues.map((issue) => {
    const path = [...prefix, ...issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part))].join('.');
    const keys = 'keys' in issue && Array.isArray(issue.keys) ? issue.keys : undefined;
    if (keys && issue.code === 'unrecognized_keys') {
      return { path: path || '(root)', message: `unknown field(s): ${keys.join(', ')}` };
    }
    return { path: path || '(root)', message: issue.message };
  });
}
