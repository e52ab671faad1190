import { insertRun } from '../../db/repositories/runs.js';
import { requestApproval } from '../../pipeline/approvals/service.js';
import { getField, parseSpec } from '../../pipeline/tao/spec/index.js';
import { identityOf } from '../core/types.js';
import type { Command } from '../services.js';
import { checkpointOf } from './checkpoint-of.js';

export const deployCommand: Command = {
  name: 'deploy',
  description:
    'Export a checkpoint, build a TensorRT engine on a Jetson and benchmark it (asks for approval)',
  sideEffects: ['write'],
  options: [
    // A button carries `<run>:<device>` as its one id-like value.
    {
      name: 'run',
      type: 'string',
      positional: true,
      required: true,
      description: 'the training or retrain run',
      pattern: /^\d+(:[\w.-]+)?$/,
      patternHint: 'must be a run number',
    },
    {
      name: 'device',
      type: 'string',
      positional: true,
      description: 'a configured device (default: the only one)',
      pattern: /^[\w.-]+$/,
      patternHint: 'must be a device name',
    },
    {
      name: 'precision',
      type: 'string',
      choices: ['fp32', 'fp16', 'int8'],
      description: 'engine precision (default fp16)',
    },
    { name: 'epoch', type: 'integer', min: 1, description: 'the checkpoint’s epoch (default: the best)' },
  ],
  async run({ request, options, reply, services }) {
    const { db, config } = services;
    const [runText, deviceFromButton] = String(options.run).split(':');
    const deviceName =
      (options.device as string | undefined) ??
      deviceFromButton ??
      (config.devices.length === 1 ? config.devices[0]?.name : undefined);
    const device = config.devices.find((d) => d.name === deviceName);
    if (!device) {
      const names = config.devices.map((d) => d.name).join(', ') || 'none configured (devices:)';
      await reply.ephemeral({
        title: `/deploy: ${deviceName ? `unknown device "${deviceName}"` : 'say which device'}; devices: ${names}`,
        tone: 'warning',
      });
      return;
    }
    const source = await checkpointOf(db, Number(runText), options.epoch as number | undefined);
    if (!source.ok) {
      await reply.ephemeral({ title: `/deploy: ${source.error}`, tone: 'warning' });
      return;
    }
    const spec = source.value.run.specSnapshot ? parseSpec(source.value.run.specSnapshot) : null;
    const qat = spec?.ok ? getField(spec.value, 'training_config.enable_qat') === true : false;
    const precision = ((options.precision as string | undefined) ?? 'fp16') as 'fp32' | 'fp16' | 'int8';
    const requestedBy = identityOf(request.user);
    const params = {
      sourceRunId: source.value.run.id,
      epoch: source.value.epoch,
      checkpoint: source.value.path,
      device: device.name,
      precision,
      qat,
    };
    const run = await insertRun(db, {
      kind: 'deploy',
      state: 'pending_approval',
      parentRunId: source.value.run.id,
      model: source.value.run.model,
      network: source.value.run.network,
      server: source.value.run.server,
      gpus: 1,
      specSnapshot: source.value.run.specSnapshot,
      specHash: source.value.run.specHash,
      simulated: source.value.run.simulated,
      params,
      requestedBy,
      platform: request.platform,
      channelId: request.channelId,
    });
    await requestApproval(
      services.approvals,
      { kind: 'deploy', run, requestedBy, subject: params },
      async (card) => {
        const ref = await reply.post(card);
        await services.notifier.adoptStatusMessage(run.id, ref);
        return ref;
      },
    );
  },
};
