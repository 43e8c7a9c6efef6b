import { expect } from 'chai';
import { groupBatcher, type GroupBatcherOptions, type Pending } from '../src/index.js';

/** A batcher whose batches the test releases by hand, recording each batch's items. */
function manualBatcher(options: GroupBatcherOptions<number>) {
  const batches: number[][] = [];
  const waiting: Array<() => void> = [];
  const serve = async (batch: Array<Pending<number, string>>): Promise<void> => {
    batches.push(batch.map((pending) => pending.item));
    await new Promise<void>((release) => waiting.push(release));
    for (const pending of batch) pending.resolve(`served ${pending.item}`);
  };
  const releaseNext = async (): Promise<void> => {
    while (waiting.length === 0) await new Promise((tick) => setImmediate(tick));
    waiting.shift()!();
  };
  return { request: groupBatcher(serve, options), batches, releaseNext };
}

describe('groupBatcher', () => {
  it('sends a lone request by itself and answers it', async () => {
    const { request, batches, releaseNext } = manualBatcher({ maxWeight: 10 });
    const answer = request(1);
    await releaseNext();
    expect(await answer).to.equal('served 1');
    expect(batches).to.deep.equal([[1]]);
  });

  it('sends requests made in one turn together, and those made while a batch is served in the next', async () => {
    const { request, batches, releaseNext } = manualBatcher({ maxWeight: 10 });
    const first = [request(1), request(2)];
    await releaseNext();
    const second = [request(3), request(4), request(5)];
    await releaseNext();
    expect(await Promise.all([...first, ...second])).to.deep.equal(['served 1', 'served 2', 'served 3', 'served 4', 'served 5']);
    expect(batches).to.deep.equal([[1, 2], [3, 4, 5]]);
  });

  it('keeps each batch within the weight limit, in order, and sends a request heavier than the limit alone', async () => {
    const { request, batches, releaseNext } = manualBatcher({ maxWeight: 10, weightOf: (item) => item });
    const answers = [4, 5, 2, 12, 3].map(request);
    for (let batch = 0; batch < 4; batch++) await releaseNext();
    await Promise.all(answers);
    expect(batches).to.deep.equal([[4, 5], [2], [12], [3]]);
  });

  it('with more batches allowed out, sends a batch without waiting for the one out, and gathers requests once all are out', async () => {
    const { request, batches, releaseNext } = manualBatcher({ maxWeight: 10, maxInFlight: 2 });
    const first = request(1);
    await new Promise((turn) => setImmediate(turn));
    const second = request(2);
    await new Promise((turn) => setImmediate(turn));
    // Two batches out, neither answered: the next requests wait, together.
    expect(batches).to.deep.equal([[1], [2]]);
    const rest = [request(3), request(4)];
    await releaseNext();
    expect(await first).to.equal('served 1');
    await releaseNext();
    await releaseNext();
    expect(await Promise.all([second, ...rest])).to.deep.equal(['served 2', 'served 3', 'served 4']);
    expect(batches).to.deep.equal([[1], [2], [3, 4]]);
  });

  it('fails every request of a batch whose serving fails, and goes on with the next batch', async () => {
    let calls = 0;
    const request = groupBatcher<number, number>(async (batch) => {
      calls += 1;
      if (calls === 1) throw new Error('the store is down');
      for (const pending of batch) pending.resolve(pending.item * 2);
    }, { maxWeight: 10 });
    const failed = [request(1), request(2)].map((answer) => answer.then(() => 'answered', (error: Error) => error.message));
    expect(await Promise.all(failed)).to.deep.equal(['the store is down', 'the store is down']);
    expect(await request(3)).to.equal(6);
  });
});
