import { listCheckpoints, listEpochs } from '../../db/repositories/metrics.js';
import { getRun, listRunEvents, listRuns } from '../../db/repositories/runs.js';
import { formatBytes, formatDuration, summarizeProgress } from '../../pipeline/runs/progress.js';
import { runTitle, statusCard } from '../cards/run-cards.js';
import type { Command } from '../services.js';

export const runsCommand: Command = {
  name: 'runs',
  description: 'List recent runs',
  sideEffects: [],
  options: [
    {
      name: 'limit',
      type: 'integer',
      min: 1,
      max: 100,
      positional: true,
      description: 'how many runs (default 10)',
    },
  ],
  async run({ options, reply, services }) {
    const runs = await listRuns(services.db, { limit: (options.limit as number | undefined) ?? 10 });
    if (runs.length === 0) {
      await reply.post({ title: 'No runs yet', lines: ['Start one with /train ssd_resnet18'] });
      return;
    }
    const rows = await Promise.all(
      runs.map(async (run) => {
        const epochs = await listEpochs(services.db, run.id);
        const progress = summarizeProgress(epochs, run.numEpochs ?? epochs.length);
        const best = epochs
          .filter((e) => e.map !== null)
          .reduce<number | null>((m, e) => Math.max(m ?? 0, e.map as number), null);
        return [
          `#${run.id}${run.simulated ? '*' : ''}`,
          run.kind,
          run.model,
          run.state,
          run.numEpochs ? `${progress.epoch}/${run.numEpochs}` : '—',
          best === null ? '—' : best.toFixed(4),
          run.server,
          run.createdAt.toISOString().slice(0, 16).replace('T', ' '),
        ];
      }),
    );
    await reply.post({
      title: `Recent runs (${runs.length})`,
      table: {
        headers: ['run', 'kind', 'model', 'state', 'epoch', 'best mAP', 'server', 'created (UTC)'],
        rows,
      },
      footer: runs.some((r) => r.simulated) ? '* simulated run (taobot’s TAO simulator, no GPU)' : undefined,
    });
  },
};

export const runCommand: Command = {
  name: 'run',
  description: 'Show one run: status, epochs, checkpoints and history',
  sideEffects: [],
  options: [
    { name: 'id', type: 'integer', min: 1, positional: true, required: true, description: 'the run number' },
  ],
  async run({ options, reply, services }) {
    const id = options.id as number;
    const run = await getRun(services.db, id);
    if (!run) {
      await reply.ephemeral({
        title: `/run: there is no run #${id}`,
        tone: 'warning',
        lines: ['See /runs for the list.'],
      });
      return;
    }
    const epochs = await listEpochs(services.db, id);
    const checkpoints = await listCheckpoints(services.db, id);
    const events = await listRunEvents(services.db, id);
    const card = statusCard(run, summarizeProgress(epochs, run.numEpochs ?? epochs.length));
    card.title = `${runTitle(run)} · ${run.state}`;
    const validated = epochs.filter((e) => e.map !== null);
    card.fields?.push(
      { label: 'Requested by', value: run.requestedBy },
      {
        label: 'Checkpoints',
        value: `${checkpoints.length} · ${formatBytes(checkpoints.reduce((s, c) => s + c.bytes, 0))}`,
      },
      { label: 'Results', value: run.resultsDir ?? '—' },
      { label: 'Command', value: run.argv ? run.argv.join(' ') : '—' },
    );
    if (run.error) card.lines?.push(`Error: ${run.error}`);
    card.table = {
      headers: ['epoch', 'loss', 'mAP', 'val loss', 'time'],
      rows: (validated.length > 0 ? validated : epochs.slice(-5)).map((e) => [
        String(e.epoch),
        e.loss === null ? '—' : e.loss.toFixed(4),
        e.map === null ? '—' : e.map.toFixed(4),
        e.validationLoss === null ? '—' : e.validationLoss.toFixed(4),
        formatDuration(e.epochSeconds),
      ]),
      align: ['right', 'right', 'right', 'right', 'right'],
    };
    card.lines?.push(
      `History: ${events.map((e) => `${e.type}${e.toState ? `→${e.toState}` : ''} ${e.at.toISOString().slice(11, 19)}`).join(', ')}`,
    );
    await reply.post(card);
  },
};
