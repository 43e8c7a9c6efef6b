export { startMongoDouble } from './server.js';
export type { MongoDoubleOptions, MongoDoubleServer } from './server.js';
export { SUPPORTED_COMMANDS } from './commands/registry.js';
