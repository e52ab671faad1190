import type { Logger } from 'pino';
import type { Platform } from '../bot/core/types.js';
import type { Config } from '../config/index.js';
import type { Db } from '../db/client.js';
import type { ChartRenderer } from '../pipeline/charts/render.js';
import type { Notifier } from '../pipeline/notify/notifier.js';
import { parseChannel } from './channel.js';
import { createSummaryScheduler, type SummaryScheduler } from './summary-scheduler.js';
import { createSummaryService } from './summary-service.js';

/**
 * Starts the daily summaries of the `summaries:` entries whose platform has a running adapter (the others are
 * logged and left out: they could never be posted). Returns null when there is nothing to schedule.
 *
 * @example
 * const summaries = startDailySummaries({ config, db, notifier, renderer, logger, platforms: new Set(sinks.keys()) });
 * await summaries?.stop();
 */
export function startDailySummaries(deps: {
  config: Config;
  db: Db;
  notifier: Notifier;
  renderer: ChartRenderer;
  logger: Logger;
  platforms: ReadonlySet<Platform>;
  onPosted?(late: boolean): void;
  now?: () => number;
}): SummaryScheduler | null {
  const logger = deps.logger.child({ component: 'summaries' });
  const entries = deps.config.summaries.filter((entry) => {
    const target = parseChannel(entry.channel);
    if (target && deps.platforms.has(target.platform)) return true;
    logger.warn(
      { channel: entry.channel },
      'daily summary skipped: no chat adapter of that platform is configured',
    );
    return false;
  });
  if (entries.length === 0) return null;
  const service = createSummaryService({ db: deps.db, renderer: deps.renderer, logger });
  const now = deps.now ?? Date.now;
  const scheduler = createSummaryScheduler({
    db: deps.db,
    entries,
    logger,
    now,
    async post(entry, period, late) {
      const target = parseChannel(entry.channel);
      if (!target) return;
      const card = await service.build(period, { now: now(), lateDueAt: late?.dueAt });
      await deps.notifier.postToChannel(target.platform, target.channelId, card);
      deps.onPosted?.(late !== null);
    },
  });
  scheduler.start();
  return scheduler;
}
