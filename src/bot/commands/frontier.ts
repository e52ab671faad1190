import { computeFrontier } from '../../analytics/frontier.js';
import { buildFrontierCard, buildFrontierChart } from '../../analytics/frontier-card.js';
import { chartRendererFor, renderForCard } from '../../analytics/renderer.js';
import { loadCurrentDeployments, loadFrontierRows } from '../../db/repositories/analytics-lineage.js';
import type { Command } from '../services.js';

export const frontierCommand: Command = {
  name: 'frontier',
  description: 'Chart size vs mAP of every pruned and retrained variant of a model, with the Pareto front',
  sideEffects: [],
  help:
    'Each variant is a succeeded training or retraining run at its best checkpoint (validated and saved), or a ' +
    'pruned model that was evaluated without retraining. Devices show the model they run now.',
  options: [
    {
      name: 'model',
      type: 'string',
      positional: true,
      required: true,
      pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/,
      patternHint: 'must be a model name such as ssd_resnet18',
      description: 'the model, as in /train <model>',
    },
  ],
  async run({ options, reply, services }) {
    const model = options.model as string;
    const [rows, deployments] = await Promise.all([
      loadFrontierRows(services.db, model),
      loadCurrentDeployments(services.db),
    ]);
    const points = computeFrontier(rows, deployments);
    if (points.length === 0) {
      const known = Object.keys(services.config.models);
      await reply.ephemeral({
        title: `/frontier: ${model} has no finished variant with a validated, saved checkpoint yet`,
        tone: 'warning',
        lines: [
          known.includes(model)
            ? `Train it first: /train ${model}`
            : `Configured models: ${known.join(', ')}`,
        ],
      });
      return;
    }
    const image = await renderForCard(
      chartRendererFor(services.config, services.logger),
      buildFrontierChart(model, points),
      `frontier-${model.replace(/[^A-Za-z0-9_-]/g, '_')}-${Date.now()}`,
      services.logger,
    );
    await reply.post(buildFrontierCard(model, points, { image }));
  },
};
