import { z } from 'zod';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Parses a service's environment once at start. Fails fast with one line per bad variable,
 * naming it, so a misconfigured deployment says exactly what to fix.
 */
export function parseConfig<Schema extends z.ZodType>(schema: Schema, env: NodeJS.ProcessEnv = process.env): z.output<Schema> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const variable = issue.path.map(String).join('.') || '(environment)';
    return `  ${variable}: ${issue.message}`;
  });
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}

/**
 * A required variable turned into a value by `parse` (a key from base64, say). What `parse` throws becomes the
 * variable's message, so a bad value is named with the reason, once, at start.
 */
export function parsedVariable<T>(parse: (text: string) => T, whenMissing: string): z.ZodType<T, string> {
  return z.string({ error: whenMissing }).transform((text, context) => {
    try {
      return parse(text);
    } catch (error) {
      context.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
      return z.NEVER;
    }
  });
}

/** "true" or "false", default false; anything else is refused rather than read as false. */
export function booleanVariable(meaning: string): z.ZodType<boolean, string | undefined> {
  return z.enum(['true', 'false'], { error: `must be true or false (${meaning})` }).default('false').transform((text) => text === 'true');
}
