import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCoalescer } from '../../../src/pipeline/notify/coalescer.js';

describe('createCoalescer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends at most one edit per second per channel, the latest content winning', async () => {
    const sent: Array<[string, string, number]> = [];
    const coalescer = createCoalescer<string>(
      async (key, content) => {
        sent.push([key, content, Date.now()]);
      },
      { intervalMs: 1000 },
    );
    const start = Date.now();
    const first = coalescer.submit('C1', 'm1', 'epoch 1');
    await vi.advanceTimersByTimeAsync(0);
    await first;
    const later = [coalescer.submit('C1', 'm1', 'epoch 2'), coalescer.submit('C1', 'm1', 'epoch 3')];
    await vi.advanceTimersByTimeAsync(999);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await Promise.all(later);
    expect(sent.map(([, content, at]) => [content, at - start])).toEqual([
      ['epoch 1', 0],
      ['epoch 3', 1000],
    ]);
  });

  it('keeps channels independent and flushes what is pending', async () => {
    const sent: string[] = [];
    const coalescer = createCoalescer<string>(async (_key, content) => {
      sent.push(content);
    });
    void coalescer.submit('C1', 'a', 'a1');
    void coalescer.submit('C2', 'b', 'b1');
    await vi.advanceTimersByTimeAsync(0);
    void coalescer.submit('C1', 'a', 'a2');
    await coalescer.flush();
    expect(sent.sort()).toEqual(['a1', 'a2', 'b1']);
  });

  it('rejects the waiters of a failed send', async () => {
    const coalescer = createCoalescer<string>(async () => {
      throw new Error('rate limited');
    });
    const done = coalescer.submit('C1', 'm', 'x');
    const expectation = expect(done).rejects.toThrow('rate limited');
    await vi.advanceTimersByTimeAsync(0);
    await expectation;
  });
});
