import { chartRendererFor } from '../../analytics/renderer.js';
import { onDemandPeriod } from '../../analytics/summary-period.js';
import { createSummaryService } from '../../analytics/summary-service.js';
import type { Command } from '../services.js';

const PERIODS = ['today', 'yesterday', 'week'] as const;

export const summaryCommand: Command = {
  name: 'summary',
  description: 'Post a run summary: today so far, yesterday, or the last 7 days',
  sideEffects: [],
  help:
    'Runs started, finished, failed and running; GPU-hours per server; best mAP per model with its checkpoint; ' +
    'prunes, retrains and deployments; pending approvals; checkpoint disk use; and a chart. Days are read in the ' +
    'time zone of this channel’s `summaries:` entry (UTC when it has none).',
  options: [
    {
      name: 'period',
      type: 'string',
      choices: PERIODS,
      positional: true,
      description: 'today (default), yesterday or week',
    },
  ],
  async run({ request, options, reply, services }) {
    const kind = (options.period as (typeof PERIODS)[number] | undefined) ?? 'today';
    const here = `${request.platform}:${request.channelId}`;
    const zone = services.config.summaries.find((entry) => entry.channel === here)?.timezone ?? 'UTC';
    const now = Date.now();
    const summaries = createSummaryService({
      db: services.db,
      renderer: chartRendererFor(services.config, services.logger),
      logger: services.logger,
    });
    await reply.post(await summaries.build(onDemandPeriod(kind, now, zone), { now }));
  },
};
