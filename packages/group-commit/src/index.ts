export { groupBatcher, type Pending } from './group-batcher.js';
