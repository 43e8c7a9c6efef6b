export { groupBatcher, type GroupBatcherOptions, type Pending } from './group-batcher.js';
