export { freePort } from './ports.js';
export { uniqueName } from './names.js';
export { startRedis, type RedisHandle } from './redis.js';
export { startRedisCluster, type RedisClusterHandle, type RedisClusterOptions } from './redis-cluster.js';
export { startMongo, createTestDatabase, withDatabase, type MongoHandle, type MongoBackend, type TestDatabase } from './mongo.js';
export { sharedMongo, sharedRedis, stopSharedServers } from './shared.js';
export { startWebhookReceiver, type WebhookReceiver, type ReceivedDelivery, type ReceiverAnswer } from './webhook-receiver.js';
