import type { Analysis } from '@moderato/analysis';
import type { Agrees } from '@moderato/openapi-kit';
import { COMMENT_STATUSES, REVIEW_FLAG_KINDS } from '@moderato/storage';
import { z } from 'zod';

// The analysis as a comment's detail view shows it: stored as the analysis package returned it, less the fingerprint.

const score = z.number();
const offset = z.number().int().min(0);

const reasonSchema = z
  .object({
    code: z.string().meta({ description: 'Stable, for filters and UIs.' }),
    message: z.string().meta({ description: 'For people.' }),
    span: z.tuple([offset, offset]).optional().meta({ description: '[start, end) offsets into the comment’s original text.' }),
    weight: z.number().optional().meta({ description: 'How much this reason added to the score.' }),
  })
  .meta({ id: 'Reason' });

const reasons = z.array(reasonSchema);
const phaseName = z.enum(['normalize', 'language', 'sentiment', 'spam', 'duplicates', 'abuse', 'policy']);
const abuseCategory = z.enum(['insult', 'profanity', 'threat', 'identity_attack']);

const languageSchema = z.object({
  code: z.string().meta({ description: 'ISO 639-1, or `und` when undetermined.' }),
  confidence: score,
  phasesRun: z.array(phaseName),
  phasesSkipped: z.array(phaseName).meta({ description: 'Phases that support English only, skipped for other languages.' }),
});

const sentimentSchema = z.object({
  score: score.meta({ description: 'In [-1, 1].' }),
  label: z.enum(['negative', 'neutral', 'positive']),
  sentences: z.array(z.object({ text: z.string(), score })),
  drivers: z.array(z.object({ token: z.string(), weight: z.number() })).meta({ description: 'The words that drove the score, strongest first.' }),
  reasons,
});

const spamSchema = z.object({ score, domains: z.array(z.string()).meta({ description: 'Registrable domains of the links found.' }), reasons });

const duplicateSchema = z.object({
  score: score.meta({ description: 'Similarity in [0, 1] to the closest earlier comment (0 when none).' }),
  match: z.object({ commentId: z.string(), similarity: score, exact: z.boolean(), scope: z.enum(['article', 'author', 'publisher']) }).optional(),
  reasons,
});

const abuseSchema = z.object({
  score,
  categories: z.partialRecord(abuseCategory, score),
  spans: z.array(z.object({ start: offset, end: offset, category: abuseCategory, text: z.string() })),
  reasons,
});

export const flagSchema = z.object({ kind: z.enum(REVIEW_FLAG_KINDS), score, reasons }).meta({ id: 'Flag' });

export const analysisViewSchema = z
  .object({
    version: z.string().meta({ description: 'Of the analysis code and models.' }),
    policyVersion: z.number().int().min(0).meta({ description: 'The publisher policy version applied (0: the defaults).' }),
    normalized: z.string(),
    language: languageSchema,
    sentiment: sentimentSchema.optional().meta({ description: 'Absent when the language is one sentiment does not support.' }),
    spam: spamSchema,
    duplicate: duplicateSchema,
    abuse: abuseSchema.optional(),
    flags: z.array(flagSchema),
    status: z.enum(COMMENT_STATUSES),
  })
  .meta({ id: 'Analysis' });

// Breaks the build when the analysis package's result and the documented one drift apart.
const _analysisAgrees: Agrees<z.output<typeof analysisViewSchema>, Omit<Analysis, 'fingerprint'>> = true;
