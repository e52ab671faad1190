import { randomUUID } from 'node:crypto';
import { pruneHistory } from '../../db/repositories/results.js';
import { insertRun } from '../../db/repositories/runs.js';
import { suggestThreshold } from '../../pipeline/suggest/threshold.js';
import { EQUALIZATIONS, NORMALIZERS, PRUNE_DEFAULTS } from '../../pipeline/tao/commands/index.js';
import { identityOf } from '../core/types.js';
import type { Command } from '../services.js';
import { checkpointOf } from './checkpoint-of.js';
import { CHECKPOINT_EPOCH_OPTION, TRAINING_RUN_OPTION } from './common-options.js';

const MAX_SWEEP = 8;

export const pruneCommand: Command = {
  name: 'prune',
  description: 'Prune a checkpoint with TAO (cheap: no approval); sweep several thresholds at once',
  sideEffects: ['gpu', 'write'],
  options: [
    TRAINING_RUN_OPTION,
    CHECKPOINT_EPOCH_OPTION,
    {
      name: 'pth',
      type: 'number',
      min: 0.001,
      max: 1,
      description: 'pruning threshold (default: suggested from history, else 0.1)',
    },
    { name: 'sweep', type: 'list', description: 'several thresholds, e.g. 0.1,0.2,0.3' },
    {
      name: 'n',
      type: 'string',
      choices: NORMALIZERS,
      description: `normalizer (default ${PRUNE_DEFAULTS.normalizer})`,
    },
    {
      name: 'eq',
      type: 'string',
      choices: EQUALIZATIONS,
      description: `equalization criterion (default ${PRUNE_DEFAULTS.equalization})`,
    },
    {
      name: 'pg',
      type: 'integer',
      min: 1,
      max: 1024,
      description: `pruning granularity (default ${PRUNE_DEFAULTS.granularity})`,
    },
    {
      name: 'nf',
      type: 'integer',
      min: 1,
      max: 4096,
      description: `minimum filters per layer (default ${PRUNE_DEFAULTS.minFilters})`,
    },
    { name: 'el', type: 'list', description: 'layers to leave alone, comma-separated' },
  ],
  async run({ request, options, reply, services }) {
    const { db, config } = services;
    if (options.pth !== undefined && options.sweep !== undefined) {
      await reply.ephemeral({ title: '/prune: give pth= or sweep=, not both', tone: 'warning' });
      return;
    }
    const source = await checkpointOf(db, options.run as number, options.epoch as number | undefined);
    if (!source.ok) {
      await reply.ephemeral({ title: `/prune: ${source.error}`, tone: 'warning' });
      return;
    }
    const suggestion = suggestThreshold(
      await pruneHistory(db, source.value.run.model),
      config.pipeline.maxMapDrop,
    );
    const raw = (options.sweep as string[] | undefined) ?? [String(options.pth ?? suggestion.threshold)];
    const thresholds = raw.map(Number);
    const bad = raw.filter(
      (_, i) =>
        !(Number.isFinite(thresholds[i]) && (thresholds[i] as number) > 0 && (thresholds[i] as number) <= 1),
    );
    if (bad.length > 0 || thresholds.length > MAX_SWEEP || new Set(thresholds).size !== thresholds.length) {
      await reply.ephemeral({
        title: `/prune: sweep needs up to ${MAX_SWEEP} distinct thresholds between 0 and 1${bad.length ? ` (not: ${bad.join(', ')})` : ''}`,
        tone: 'warning',
      });
      return;
    }
    const sweepId = thresholds.length > 1 ? randomUUID() : undefined;
    const created = [];
    for (const threshold of thresholds.sort((a, b) => a - b)) {
      created.push(
        await insertRun(db, {
          kind: 'prune',
          parentRunId: source.value.run.id,
          model: source.value.run.model,
          network: source.value.run.network,
          server: source.value.run.server,
          gpus: 1,
          numEpochs: null,
          simulated: source.value.run.simulated,
          params: {
            sourceRunId: source.value.run.id,
            sourceEpoch: source.value.epoch,
            checkpoint: source.value.path,
            threshold,
            normalizer: (options.n as string | undefined) ?? PRUNE_DEFAULTS.normalizer,
            equalization: (options.eq as string | undefined) ?? PRUNE_DEFAULTS.equalization,
            granularity: (options.pg as number | undefined) ?? PRUNE_DEFAULTS.granularity,
            minFilters: (options.nf as number | undefined) ?? PRUNE_DEFAULTS.minFilters,
            excludedLayers: (options.el as string[] | undefined) ?? [],
            ...(sweepId ? { sweepId } : {}),
          },
          requestedBy: identityOf(request.user),
          platform: request.platform,
          channelId: request.channelId,
        }),
      );
    }
    const chosen =
      options.pth !== undefined || options.sweep !== undefined
        ? []
        : [
            `Threshold ${suggestion.threshold}: ${suggestion.reason}.`,
            ...(suggestion.sweep.length
              ? [`To learn more: /prune ${source.value.run.id} sweep=${suggestion.sweep.join(',')}`]
              : []),
          ];
    const ref = await reply.post({
      title: `${source.value.run.simulated ? '[SIMULATED] ' : ''}Pruning run #${source.value.run.id}, epoch ${source.value.epoch}${source.value.map !== null ? ` (mAP ${source.value.map.toFixed(4)})` : ''}`,
      tone: 'progress',
      lines: [
        `${created.length === 1 ? 'Prune run' : 'Prune runs'} ${created.map((r) => `#${r.id}`).join(', ')} at pth ${thresholds.join(', ')}.`,
        ...chosen,
        sweepId
          ? 'One card with a table and a chart follows when the sweep is done.'
          : 'The result follows when it is done.',
      ],
    });
    for (const run of created) await services.notifier.adoptStatusMessage(run.id, ref);
    services.kick();
  },
};
