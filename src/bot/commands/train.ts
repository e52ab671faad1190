import { audit } from '../../db/repositories/approvals.js';
import { insertRun, listRunsInStates } from '../../db/repositories/runs.js';
import { checkOperator } from '../../pipeline/approvals/policy.js';
import { planTrain, type TrainPlan, type TrainRequest } from '../../pipeline/runs/plan-train.js';
import { summarizeProgress } from '../../pipeline/runs/progress.js';
import { GPU_HOLDING_STATES } from '../../pipeline/runs/run-state.js';
import { statusCard } from '../cards/run-cards.js';
import { type Card, type CommandRequest, identityOf, type Reply } from '../core/types.js';
import type { Command, Services } from '../services.js';

const NAME = /^[a-z0-9][a-z0-9_.-]*$/i;

export const trainCommand: Command = {
  name: 'train',
  description: 'Start a TAO training run',
  sideEffects: ['gpu', 'write'],
  options: [
    {
      name: 'model',
      type: 'string',
      positional: true,
      required: true,
      description: 'a configured model, e.g. ssd_resnet18',
      pattern: NAME,
      patternHint: 'must be a model name',
    },
    {
      name: 'epochs',
      type: 'integer',
      min: 1,
      max: 10_000,
      description: 'number of epochs (the spec’s num_epochs)',
    },
    { name: 'gpus', type: 'integer', min: 1, max: 64, description: 'GPUs to train on' },
    {
      name: 'server',
      type: 'string',
      description: 'GPU server to run on',
      pattern: NAME,
      patternHint: 'must be a server name',
    },
    {
      name: 'checkpoint_interval',
      type: 'integer',
      min: 1,
      max: 10_000,
      description: 'save a checkpoint every N epochs',
    },
    {
      name: 'validation_period',
      type: 'integer',
      min: 1,
      max: 10_000,
      description: 'validate every N epochs',
    },
    { name: 'batch_size', type: 'integer', min: 1, max: 4096, description: 'batch size per GPU' },
    { name: 'qat', type: 'boolean', description: 'quantization-aware training (enable_qat)' },
    { name: 'dry_run', type: 'flag', description: 'show what would run, start nothing' },
  ],
  async run({ request, options, reply, services }) {
    await startTraining(services, request, reply, {
      model: options.model as string,
      epochs: options.epochs as number | undefined,
      gpus: options.gpus as number | undefined,
      server: options.server as string | undefined,
      checkpointInterval: options.checkpoint_interval as number | undefined,
      validationPeriod: options.validation_period as number | undefined,
      batchSize: options.batch_size as number | undefined,
      qat: options.qat as boolean | undefined,
      dryRun: options.dry_run === true,
    });
  },
};

/** Plans and queues a training run (also used by /continue, which starts from a checkpoint). */
export async function startTraining(
  services: Services,
  request: CommandRequest,
  reply: Reply,
  ask: TrainRequest & {
    dryRun: boolean;
    startModel?: string;
    continuedFrom?: { runId: number; epoch: number };
  },
): Promise<void> {
  const { db, config } = services;
  const operator = checkOperator(config.access.operators, identityOf(request.user));
  if (!operator.ok) {
    await audit(db, {
      actor: identityOf(request.user),
      action: 'train',
      allowed: false,
      reason: operator.error,
    });
    await reply.ephemeral({ title: `/train: ${operator.error}`, tone: 'warning' });
    return;
  }
  const holders = await listRunsInStates(db, [...GPU_HOLDING_STATES]);
  const busy = new Map<string, number>();
  for (const run of holders) busy.set(run.server, (busy.get(run.server) ?? 0) + run.gpus);
  // GPUs that other people's processes keep busy count too, so /train picks a server that can start now. A GPU
  // both held by a taobot run and seen busy by nvidia-smi (the run's own TAO) counts once.
  for (const server of config.servers) {
    const seenBusy = await services.gpuAvailability.unavailable(server).catch(() => null);
    if (!seenBusy || seenBusy.length === 0) continue;
    const mine = holders.filter((r) => r.server === server.name);
    const taken = new Set([...mine.flatMap((r) => r.gpuIndices ?? []), ...seenBusy]);
    const unindexed = mine.filter((r) => !r.gpuIndices).reduce((sum, r) => sum + r.gpus, 0);
    busy.set(server.name, Math.max(busy.get(server.name) ?? 0, taken.size + unindexed));
  }
  const plan = planTrain(config, ask, busy, services.readSpec);
  if (!plan.ok) {
    await reply.ephemeral({
      title: `/train: ${plan.error}`,
      tone: 'warning',
      lines: ['Nothing was started.'],
    });
    return;
  }
  if (ask.startModel) plan.value.notes.push(`starting from ${ask.startModel}`);
  if (ask.dryRun) {
    await reply.ephemeral(dryRunCard(plan.value));
    return;
  }
  const run = await insertRun(db, {
    kind: 'train',
    parentRunId: ask.continuedFrom?.runId ?? null,
    model: plan.value.model,
    network: plan.value.modelConfig.network,
    server: plan.value.server.name,
    gpus: plan.value.gpus,
    specSnapshot: plan.value.specText,
    specHash: plan.value.specHash,
    numEpochs: plan.value.numEpochs,
    params: {
      epochs: plan.value.numEpochs,
      checkpointInterval: plan.value.checkpointInterval,
      validationPeriod: plan.value.validationPeriod,
      qat: ask.qat ?? false,
      notes: plan.value.notes,
      ...(ask.startModel ? { startModel: ask.startModel } : {}),
      ...(ask.continuedFrom ? { continuedFrom: ask.continuedFrom } : {}),
    },
    simulated: plan.value.simulated,
    requestedBy: identityOf(request.user),
    platform: request.platform,
    channelId: request.channelId,
  });
  const card = statusCard(run, summarizeProgress([], plan.value.numEpochs));
  card.lines = [
    ...(card.lines ?? []),
    plan.value.waitsForGpus
      ? `Queued: ${plan.value.server.name} has no ${plan.value.gpus} free GPU(s) yet.`
      : `Starting on ${plan.value.server.name}.`,
    ...plan.value.notes.map((note) => `Note: ${note}`),
  ];
  const ref = await reply.post(card);
  await services.notifier.adoptStatusMessage(run.id, ref);
  services.kick();
}

function dryRunCard(plan: TrainPlan): Card {
  return {
    title: `Dry run: /train ${plan.model}${plan.simulated ? ' [SIMULATED server]' : ''}`,
    tone: 'info',
    fields: [
      {
        label: 'Server',
        value: `${plan.server.name} (${plan.server.executor}, TAO ${plan.server.taoVersion})`,
      },
      { label: 'GPUs', value: `${plan.gpus}${plan.waitsForGpus ? ' (would wait in the queue)' : ''}` },
      { label: 'Epochs', value: String(plan.numEpochs) },
      { label: 'Checkpoints', value: `every ${plan.checkpointInterval} epoch(s)` },
      { label: 'Validation', value: `every ${plan.validationPeriod} epoch(s)` },
      { label: 'Classes', value: plan.classes.join(', ') },
    ],
    lines: [`Command: ${plan.argvPreview}`, ...plan.notes.map((note) => `Note: ${note}`)],
    table: {
      headers: ['spec field', 'from', 'to'],
      rows: plan.changes.map((c) => [
        c.path,
        c.from === undefined ? '(absent)' : String(c.from),
        c.to === undefined ? '(removed)' : String(c.to),
      ]),
    },
    footer: 'Nothing was started.',
  };
}
