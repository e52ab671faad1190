import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Card, ChatSink, MessageRef } from '../../src/bot/core/types.js';
import { upsertEpochs } from '../../src/db/repositories/metrics.js';
import { insertRun } from '../../src/db/repositories/runs.js';
import { silentLogger } from '../../src/logger.js';
import { isRateLimitError, meteredSink } from '../../src/metrics/metered-sink.js';
import { type MetricsServer, startMetricsServer } from '../../src/metrics/metrics-server.js';
import { createTaobotMetrics, type TaobotMetrics } from '../../src/metrics/taobot-metrics.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

const sample = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

/** A sink whose calls fail as told: Slack's rate-limit error, any other error, or not at all. */
function failingSink(failures: unknown[]): ChatSink {
  const next = async <T>(value: T): Promise<T> => {
    const failure = failures.shift();
    if (failure !== undefined) throw failure;
    return value;
  };
  const ref: MessageRef = { platform: 'slack', channelId: 'C1', messageRef: '1.0' };
  return {
    platform: 'slack',
    threads: true,
    post: (_channel: string, _card: Card) => next(ref),
    update: () => next(undefined),
    ephemeral: () => next(undefined),
    image: () => next(undefined),
  };
}

describe('taobot metrics', () => {
  let handle: TestDb;
  let metrics: TaobotMetrics;
  let server: MetricsServer;
  beforeAll(async () => {
    handle = await createTestDb('pglite');
    metrics = createTaobotMetrics({ db: handle.db, logger: silentLogger(), processMetrics: false });
    server = await startMetricsServer({
      registry: metrics.registry,
      port: 0,
      host: '127.0.0.1',
      logger: silentLogger(),
    });
  });
  afterAll(async () => {
    await server?.close();
    await handle?.close();
  });

  const scrape = async () => {
    const response = await fetch(server.url);
    expect(response.status).toBe(200);
    return response.text();
  };

  it('reports runs by state and kind and the epochs stored, read from the database at each scrape', async () => {
    const base = {
      model: 'm',
      network: 'ssd',
      server: 's',
      requestedBy: 'shell:a',
      platform: 'shell',
      channelId: 't',
    };
    const train = await insertRun(handle.db, { ...base, kind: 'train', state: 'running' });
    await insertRun(handle.db, { ...base, kind: 'prune', state: 'failed' });
    await upsertEpochs(
      handle.db,
      [1, 2, 3].map((epoch) => ({ runId: train.id, epoch, loss: 1 })),
    );
    let body = await scrape();
    expect(sample(body, 'taobot_runs{state="running",kind="train"}')).toBe(1);
    expect(sample(body, 'taobot_runs{state="failed",kind="prune"}')).toBe(1);
    expect(sample(body, 'taobot_runs{state="succeeded",kind="train"}')).toBe(0);
    expect(sample(body, 'taobot_epochs_ingested_total')).toBe(3);
    // Re-reading the same epochs adds nothing; a new one counts once.
    await upsertEpochs(
      handle.db,
      [2, 3, 4].map((epoch) => ({ runId: train.id, epoch, map: 0.5 })),
    );
    body = await scrape();
    expect(sample(body, 'taobot_epochs_ingested_total')).toBe(4);
  });

  it('counts failed chat calls by reason, rate-limit waits, reconcile passes and summaries', async () => {
    const rateLimited = Object.assign(new Error('ratelimited'), {
      code: 'slack_webapi_rate_limited_error',
      retryAfter: 3,
    });
    const sink = meteredSink(failingSink([rateLimited, new Error('channel_not_found')]), metrics);
    await expect(sink.post('C1', { title: 'x' })).rejects.toThrow('ratelimited');
    await expect(
      sink.update({ platform: 'slack', channelId: 'C1', messageRef: '1.0' }, { title: 'y' }),
    ).rejects.toThrow('channel_not_found');
    await expect(sink.post('C1', { title: 'z' })).resolves.toMatchObject({ messageRef: '1.0' });
    expect(sink.platform).toBe('slack');
    expect(sink.threads).toBe(true);
    metrics.rateLimitWait('discord', 1.5);
    metrics.rateLimitWait('discord', 0.5);
    metrics.observeReconcilePass(12, 3);
    metrics.observeReconcilePass(40, 2);
    metrics.summaryPosted(false);
    const body = await scrape();
    expect(
      sample(body, 'taobot_chat_api_errors_total{platform="slack",operation="post",reason="rate_limited"}'),
    ).toBe(1);
    expect(
      sample(body, 'taobot_chat_api_errors_total{platform="slack",operation="update",reason="error"}'),
    ).toBe(1);
    expect(sample(body, 'taobot_chat_rate_limit_waits_total{platform="discord"}')).toBe(2);
    expect(sample(body, 'taobot_chat_rate_limit_wait_seconds_total{platform="discord"}')).toBe(2);
    expect(sample(body, 'taobot_reconcile_pass_duration_seconds_count')).toBe(2);
    expect(sample(body, 'taobot_reconcile_pass_duration_seconds_sum')).toBeCloseTo(0.052, 9);
    expect(sample(body, 'taobot_reconcile_pass_duration_seconds_bucket{le="0.025"}')).toBe(1);
    expect(sample(body, 'taobot_reconcile_active_runs')).toBe(2);
    expect(sample(body, 'taobot_summaries_posted_total{late="false"}')).toBe(1);
  });

  it('recognises rate-limit errors of both platforms', () => {
    expect(isRateLimitError({ code: 'slack_webapi_rate_limited_error' })).toBe(true);
    expect(isRateLimitError(Object.assign(new Error('x'), { name: 'RateLimitError' }))).toBe(true);
    expect(isRateLimitError({ status: 429 })).toBe(true);
    expect(isRateLimitError(new Error('boom'))).toBe(false);
    expect(isRateLimitError('429')).toBe(false);
  });

  it('answers only GET and HEAD on /metrics', async () => {
    expect((await fetch(server.url, { method: 'POST' })).status).toBe(405);
    const head = await fetch(server.url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await fetch(server.url.replace('/metrics', '/'))).status).toBe(404);
  });
});
