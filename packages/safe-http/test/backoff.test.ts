import { expect } from 'chai';
import { DELIVERY_ATTEMPTS, DELIVERY_SCHEDULE_MS, deliveryBackoffMs } from '../src/index.js';

const HOUR = 3_600_000;

describe('deliveryBackoffMs', () => {
  it('follows 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h over 8 attempts', () => {
    expect(DELIVERY_SCHEDULE_MS).to.deep.equal([5_000, 300_000, 1_800_000, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR]);
    expect(DELIVERY_ATTEMPTS).to.equal(8);
    expect(DELIVERY_SCHEDULE_MS.length).to.equal(DELIVERY_ATTEMPTS - 1);
  });

  it('spans more than 24 hours in total', () => {
    const total = DELIVERY_SCHEDULE_MS.reduce((sum, step) => sum + step, 0);
    expect(total).to.be.greaterThan(24 * HOUR);
    expect(total / HOUR).to.be.closeTo(27.6, 0.05);
  });

  it('stays within ±10% of each step', () => {
    DELIVERY_SCHEDULE_MS.forEach((step, index) => {
      for (const random of [() => 0, () => 0.5, () => 0.999999, Math.random]) {
        const wait = deliveryBackoffMs(index + 1, DELIVERY_SCHEDULE_MS, random);
        expect(wait).to.be.within(step * 0.9, step * 1.1);
      }
      expect(deliveryBackoffMs(index + 1, DELIVERY_SCHEDULE_MS, () => 0.5)).to.equal(step);
    });
  });

  it('jitters, so failures at the same moment are not retried in lockstep', () => {
    expect(deliveryBackoffMs(3, DELIVERY_SCHEDULE_MS, () => 0)).to.equal(1_620_000);
    expect(deliveryBackoffMs(3, DELIVERY_SCHEDULE_MS, () => 1)).to.equal(1_980_000);
  });

  it('repeats the last step past the table, and treats nonsense as the first failure', () => {
    expect(deliveryBackoffMs(8, DELIVERY_SCHEDULE_MS, () => 0.5)).to.equal(10 * HOUR);
    expect(deliveryBackoffMs(50, DELIVERY_SCHEDULE_MS, () => 0.5)).to.equal(10 * HOUR);
    expect(deliveryBackoffMs(0, DELIVERY_SCHEDULE_MS, () => 0.5)).to.equal(5_000);
    expect(deliveryBackoffMs(Number.NaN, DELIVERY_SCHEDULE_MS, () => 0.5)).to.equal(5_000);
  });
});

describe('deliveryBackoffMs with a schedule of its own', () => {
  it('follows the given steps and repeats the last one', () => {
    const schedule = [100, 400];
    expect(deliveryBackoffMs(1, schedule, () => 0.5)).to.equal(100);
    expect(deliveryBackoffMs(2, schedule, () => 0.5)).to.equal(400);
    expect(deliveryBackoffMs(5, schedule, () => 0.5)).to.equal(400);
  });

  it('refuses an empty schedule', () => {
    expect(() => deliveryBackoffMs(1, [])).to.throw(RangeError);
  });
});
