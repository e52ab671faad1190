import { describe, expect, it } from 'vitest';
import { createWorkQueue } from '../../../../src/bot/adapters/slack/work-queue.js';

describe('createWorkQueue', () => {
  it('runs every task, at most `concurrency` at a time, and then reports idle', async () => {
    const errors: unknown[] = [];
    const queue = createWorkQueue({ concurrency: 2, onError: (error) => errors.push(error) });
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    for (let i = 0; i < 6; i++) {
      queue.push(async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running -= 1;
        done.push(i);
      });
    }
    await queue.idle();
    expect(done.sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
    expect(errors).toEqual([]);
  });

  it('starts one task per event-loop turn, so what arrived meanwhile is handled in between', async () => {
    const order: string[] = [];
    const queue = createWorkQueue({ concurrency: 10, onError: () => undefined });
    for (const name of ['a', 'b']) {
      queue.push(async () => {
        order.push(`start ${name}`);
        // Stands for an ack that became ready while this task held the loop.
        setImmediate(() => order.push(`after ${name}`));
      });
    }
    expect(order).toEqual([]);
    await queue.idle();
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(['start a', 'after a', 'start b', 'after b']);
  });

  it('holds the work while a burst keeps arriving, for at most maxDeferrals turns', async () => {
    const burst = async (maxDeferrals: number, turns: number) => {
      const log: string[] = [];
      const queue = createWorkQueue({ concurrency: 4, maxDeferrals, onError: () => undefined });
      const arrive = (n: number) => {
        log.push(`arrive ${n}`);
        queue.push(async () => {
          log.push(`work ${n}`);
        });
        // The next interaction of the burst comes in the next event-loop turn.
        if (n < turns) setImmediate(() => arrive(n + 1));
      };
      arrive(1);
      await new Promise((resolve) => setTimeout(resolve, 20));
      await queue.idle();
      return log;
    };
    const whole = await burst(20, 6);
    expect(whole.slice(0, 6)).toEqual([
      'arrive 1',
      'arrive 2',
      'arrive 3',
      'arrive 4',
      'arrive 5',
      'arrive 6',
    ]);
    const capped = await burst(2, 10);
    expect(capped.indexOf('work 1')).toBeLessThan(capped.indexOf('arrive 5'));
    expect(capped.filter((entry) => entry.startsWith('work'))).toHaveLength(10);
  });

  it('hands a failed task to onError and goes on with the rest', async () => {
    const errors: unknown[] = [];
    const queue = createWorkQueue({ concurrency: 1, onError: (error) => errors.push(error) });
    let ran = false;
    queue.push(() => Promise.reject(new Error('boom')));
    queue.push(async () => {
      ran = true;
    });
    await queue.idle();
    expect(ran).toBe(true);
    expect(errors).toEqual([new Error('boom')]);
  });
});
