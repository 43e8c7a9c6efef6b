import { z } from 'zod';

const itemResultSchema = z.object({
  index: z.number().int().nonnegative(),
  id: z.string().optional(),
  status: z.enum(['queued', 'duplicate', 'invalid']),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

/** The ingest API's verdict on one comment of a batch, `index` being its place in the batch. */
export type ItemResult = z.infer<typeof itemResultSchema>;

const acceptedSchema = z.object({ results: z.array(itemResultSchema) });
const problemSchema = z.object({
  code: z.string().optional(),
  title: z.string().optional(),
  detail: z.string().optional(),
  // A batch in which no comment is valid is refused whole (400), with the result of each.
  results: z.array(itemResultSchema).optional(),
});

/** What became of one attempt: a verdict per comment, a reason to try again, or a reason to stop. */
export type AttemptOutcome =
  | { kind: 'answered'; results: ItemResult[] }
  | { kind: 'retry'; reason: string; retryAfter: string | null }
  | { kind: 'failed'; reason: string };

/** Rate limits and an ingest API that cannot reach Redis or MongoDB (or a gateway in front of it) pass. */
const TRANSIENT_STATUSES = new Set([429, 502, 503, 504]);

/** Reads the ingest API's answer to one POST /v1/comments. */
export function readAnswer(status: number, retryAfter: string | null, text: string): AttemptOutcome {
  const body = parseJson(text);
  if (status === 202) {
    const accepted = acceptedSchema.safeParse(body);
    return accepted.success ? { kind: 'answered', results: accepted.data.results } : { kind: 'failed', reason: `202 with an answer that is not a result per comment: ${text.slice(0, 200)}` };
  }
  const problem = problemSchema.safeParse(body);
  const said = problem.success ? problem.data : {};
  if (status === 400 && said.results) return { kind: 'answered', results: said.results };
  const reason = `${status} ${said.code ?? said.title ?? ''}${said.detail ? `: ${said.detail}` : ''}`.trim();
  if (TRANSIENT_STATUSES.has(status)) return { kind: 'retry', reason, retryAfter };
  if (status === 413) return { kind: 'failed', reason: `${reason} (the batch is larger than the ingest API takes; send smaller batches with --batch)` };
  return { kind: 'failed', reason: said.code || said.detail ? reason : `${status} ${text.slice(0, 200)}`.trim() };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
