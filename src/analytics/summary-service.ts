import type { Logger } from 'pino';
import type { Card } from '../bot/core/types.js';
import type { Db } from '../db/client.js';
import type { ChartRenderer } from '../pipeline/charts/render.js';
import { buildDayChart } from './day-chart.js';
import { renderForCard } from './renderer.js';
import { buildSummaryCard } from './summary-card.js';
import { loadSummaryData } from './summary-data.js';
import type { SummaryPeriod } from './summary-period.js';
import { formatLocal } from './zoned-time.js';

/** Builds summary cards with their chart: used by the daily scheduler and by `/summary`. */
export interface SummaryService {
  build(period: SummaryPeriod, options: { now: number; lateDueAt?: number }): Promise<Card>;
}

/** A file name for the chart that two summaries never share: kind, day, zone and the time it was drawn. */
const chartStem = (period: SummaryPeriod, now: number) =>
  `summary-${period.kind}-${period.date}-${period.zone.replace(/[^A-Za-z0-9]+/g, '_')}-${now}`;

/**
 * @example
 * const summaries = createSummaryService({ db, renderer, logger });
 * const card = await summaries.build(onDemandPeriod('today', Date.now(), 'Asia/Shanghai'), { now: Date.now() });
 */
export function createSummaryService(deps: {
  db: Db;
  renderer: ChartRenderer;
  logger: Logger;
}): SummaryService {
  return {
    async build(period, options) {
      const data = await loadSummaryData(deps.db, period, options.now);
      const end = Math.min(period.to, options.now);
      const chart = buildDayChart(
        data.usage,
        `GPU-hours by server · ${formatLocal(period.from, period.zone)} → ${formatLocal(end, period.zone)}`,
      );
      const image = await renderForCard(deps.renderer, chart, chartStem(period, options.now), deps.logger);
      return buildSummaryCard(period, data, { ...options, image });
    },
  };
}
