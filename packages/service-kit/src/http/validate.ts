import type { z } from 'zod';
import { ValidationError } from '../errors.js';
import { fieldErrors } from '../zod-errors.js';

/**
 * Parses untrusted input (query, params, body) with a strict schema. Anything that is not exactly the expected shape —
 * including operator objects such as `?status[$ne]=x` — is a 400 that names the field, and never reaches a database filter.
 */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown, where: string): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(`Invalid ${where}.`, fieldErrors(result.error, [where]));
}
