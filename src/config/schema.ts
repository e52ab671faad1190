import { z } from 'zod';
import { NETWORKS } from '../pipeline/tao/types.js';

/**
 * The configuration contract of the product design (§4). Keys listed there are a contract: add keys freely,
 * never rename them. Every check lives here so that a bad file gets one error listing every bad key.
 */

const NAME = /^[a-z0-9][a-z0-9_.-]{0,62}$/i;
const name = (what: string) =>
  z.string().regex(NAME, `${what} names use letters, digits, '_', '.' and '-' (at most 63 characters)`);

/** `24h`, `90m`, `2d`, `45s` → milliseconds. */
export const DURATION = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)$/;
export function parseDuration(text: string): number | null {
  const match = DURATION.exec(text.trim());
  if (!match) return null;
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

const duration = z
  .string()
  .refine((text) => parseDuration(text) !== null, 'a duration like 30m, 24h or 2d')
  .transform((text) => parseDuration(text) as number);

const identity = z
  .string()
  .regex(
    /^(slack|discord|shell):\S+$/,
    'a platform identity like "slack:U0123", "discord:4000…" or "shell:alice"',
  );

const timeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'an IANA time zone such as Europe/Berlin or Asia/Shanghai');

/** How ssh reaches a server or a device, on top of the user's ~/.ssh/config (executor: ssh, or slurm with a host). */
const sshKeys = () => ({
  port: z.number().int().min(1).max(65535).optional(),
  identityFile: z.string().min(1).optional(),
  /** More ssh options, each Key=Value (ProxyJump=bastion, UserKnownHostsFile=…). */
  sshOptions: z
    .array(z.string().regex(/^[A-Za-z][A-Za-z0-9]*=\S/, 'an ssh option like ProxyJump=bastion'))
    .default([]),
});

export const serverSchema = z.strictObject({
  name: name('server'),
  executor: z.enum(['local', 'ssh', 'slurm']),
  host: z.string().min(1).optional(),
  tao: z.string().min(1).default('tao'),
  taoVersion: z.union([z.literal(3), z.literal(4), z.literal(5)]).default(5),
  workdir: z.string().min(1),
  gpus: z.number().int().min(1).max(64),
  /** Extra environment for the TAO process on that server (the simulator's knobs, CUDA settings…). */
  env: z.record(z.string(), z.string()).default({}),
  partition: z.string().min(1).optional(),
  ...sshKeys(),
  /** slurm: more sbatch options (`--account=ml`, `--time=12:00:00`). */
  sbatchOptions: z.array(z.string().regex(/^--?[A-Za-z]/, 'an sbatch option like --account=ml')).default([]),
});

export const deviceSchema = z.strictObject({
  name: name('device'),
  host: z.string().min(1).optional(),
  trtexec: z.string().min(1).default('/usr/src/tensorrt/bin/trtexec'),
  taoConverter: z.string().min(1).default('tao-converter'),
  workdir: z.string().min(1),
  /** Extra environment for the tools run on the device. */
  env: z.record(z.string(), z.string()).default({}),
  ...sshKeys(),
});

export const modelSchema = z.strictObject({
  network: z.enum(NETWORKS).default('ssd'),
  spec: z.string().min(1),
  retrainSpec: z.string().min(1).optional(),
  pretrainedModel: z.string().min(1).optional(),
  key: z.string().default(''),
  targetMap: z.number().min(0).max(1).optional(),
  /** Images on the GPU server for INT8 calibration (deploy with precision=int8 of a model trained without QAT). */
  calibrationImages: z.string().min(1).optional(),
});

export const configSchema = z.strictObject({
  dataDir: z.string().min(1).default('.taobot'),
  database: z.strictObject({ url: z.string().min(1).optional() }).default({}),
  chat: z
    .strictObject({
      shell: z.boolean().optional(),
      slack: z
        .strictObject({
          botToken: z.string().min(1),
          appToken: z.string().min(1).optional(),
          signingSecret: z.string().min(1).optional(),
          apiUrl: z.string().url().optional(),
          port: z.number().int().min(1).max(65535).default(3000),
        })
        .optional(),
      discord: z
        .strictObject({
          token: z.string().min(1),
          applicationId: z.string().regex(/^\d+$/, 'a numeric Discord application id'),
          guildId: z.string().regex(/^\d+$/, 'a numeric Discord guild id').optional(),
          apiUrl: z.string().url().optional(),
        })
        .optional(),
    })
    .default({}),
  servers: z.array(serverSchema).min(1, 'at least one GPU server'),
  devices: z.array(deviceSchema).default([]),
  models: z.record(name('model'), modelSchema),
  access: z
    .strictObject({
      operators: z.array(identity).default([]),
      approvers: z.array(identity).default([]),
      selfApproval: z.boolean().default(false),
      approvalTtl: duration.default(24 * 3_600_000),
    })
    .default({ operators: [], approvers: [], selfApproval: false, approvalTtl: 24 * 3_600_000 }),
  pipeline: z
    .strictObject({
      maxMapDrop: z.number().min(0).max(1).default(0.02),
      /** How often the reconciler looks at active runs. */
      reconcileIntervalMs: z.number().int().min(50).max(600_000).default(1000),
    })
    .default({ maxMapDrop: 0.02, reconcileIntervalMs: 1000 }),
  summaries: z
    .array(
      z.strictObject({
        channel: z.string().regex(/^(slack|discord|shell):\S+$/, 'a channel like "slack:C0123"'),
        at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day like 09:00'),
        timezone: timeZone.default('UTC'),
      }),
    )
    .default([]),
  charts: z
    .strictObject({
      renderer: z.enum(['local', 'quickchart']).default('local'),
      quickchartUrl: z.string().url().default('https://quickchart.io'),
    })
    .default({ renderer: 'local', quickchartUrl: 'https://quickchart.io' }),
  /** A Prometheus `/metrics` endpoint; absent → none. Port 0 picks a free port. */
  metrics: z
    .strictObject({
      port: z.number().int().min(0).max(65535),
      host: z.string().min(1).default('0.0.0.0'),
    })
    .optional(),
});

export type ConfigInput = z.input<typeof configSchema>;
export type ParsedConfig = z.output<typeof configSchema>;
export type ServerConfig = z.output<typeof serverSchema>;
export type DeviceConfig = z.output<typeof deviceSchema>;
export type ModelConfig = z.output<typeof modelSchema>;
