/**
 * `npm run bench:lock [-- --sections 2000 --holders 16 --work 2]`: sections per second through one withRedisLock key
 * when `--holders` callers on two Redis connections (two worker processes) contend for it and each section takes
 * `--work` ms (the worker's section is two MongoDB round trips). The ideal is 1000 / work sections/s; the gap is
 * what handing the lock over costs. Runs against a private redis-server.
 */
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { startRedis } from '@moderato/testkit';
import { Redis } from 'ioredis';
import { withRedisLock } from '../src/redis-lock.js';

const { values } = parseArgs({
  options: { sections: { type: 'string', default: '2000' }, holders: { type: 'string', default: '16' }, work: { type: 'string', default: '2' } },
});
const SECTIONS = Number(values.sections);
const HOLDERS = Number(values.holders);
const WORK_MS = Number(values.work);

const server = await startRedis({});
const clients = [new Redis(server.url), new Redis(server.url)];
let next = 0;
let waitedMs = 0;
const started = performance.now();
await Promise.all(Array.from({ length: HOLDERS }, async (_, h) => {
  const client = clients[h % clients.length]!;
  while (next < SECTIONS) {
    next += 1;
    const asked = performance.now();
    await withRedisLock(client, 'bench-lock', { ttlMs: 10_000, waitMs: 60_000 }, async () => {
      waitedMs += performance.now() - asked;
      await sleep(WORK_MS);
    });
  }
}));
const seconds = (performance.now() - started) / 1000;
const rate = SECTIONS / seconds;
const ideal = 1000 / WORK_MS;
console.log(`${SECTIONS} sections of ${WORK_MS} ms, ${HOLDERS} contending holders on 2 connections: ${Math.round(rate)} sections/s ` +
  `(ideal ${Math.round(ideal)}; ${(1000 / rate - WORK_MS).toFixed(2)} ms per hand-over), mean wait ${(waitedMs / SECTIONS).toFixed(1)} ms`);
for (const client of clients) client.disconnect();
await server.stop();
