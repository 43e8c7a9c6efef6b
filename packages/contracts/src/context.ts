import { z } from 'zod';

/**
 * Redis pub/sub channel on which writers of what the analysis reads (a publisher's policy and author lists, an
 * article) say it changed, so workers drop their cached copy at once. Workers also let cached copies expire after a
 * few seconds, so a lost message only delays the change that long.
 */
export function contextChangedChannel(commentQueue: string): string {
  return `${commentQueue}:context-changed`;
}

/** The message: the publisher whose context changed, and the article when only that article changed. */
export const contextChangeSchema = z.strictObject({
  publisherId: z.string().min(1),
  articleId: z.string().min(1).optional(),
});

export type ContextChange = z.infer<typeof contextChangeSchema>;
