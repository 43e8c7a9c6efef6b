import type { z } from 'zod';
import type { sentimentStatsSchema } from './reading-docs.js';
import type { commentDetailSchema, reviewQueueItemSchema } from './review-docs.js';

/** The JSON of the API's answers as a client receives them (dates as ISO strings), from the schemas that document them. */
export type CommentDetailAnswer = z.output<typeof commentDetailSchema>;
export type ReviewQueueItemAnswer = z.output<typeof reviewQueueItemSchema>;
export type SentimentStatsAnswer = z.output<typeof sentimentStatsSchema>;
