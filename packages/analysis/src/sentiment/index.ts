export { scoreSentiment, labelFor } from './score.js';
export type { SentimentModel } from './model.js';
export { trainSentimentModel, DEFAULT_SENTIMENT_TRAINING, type SentimentTrainingOptions } from './train.js';
export { readSentimentData, type SentimentRow } from './data.js';
