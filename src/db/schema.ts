import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { RUN_KINDS, RUN_STATES } from '../pipeline/runs/run-state.js';

/**
 * Everything taobot sees lands here. Enums come from the same constants as the pure state machine, in the same
 * order, so the database and the code cannot disagree about what a state is.
 */
export const runState = pgEnum('run_state', RUN_STATES);
export const runKind = pgEnum('run_kind', RUN_KINDS);

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const servers = pgTable('servers', {
  name: text('name').primaryKey(),
  executor: text('executor').notNull(),
  host: text('host'),
  gpus: integer('gpus').notNull(),
  taoVersion: integer('tao_version').notNull(),
  simulated: boolean('simulated').notNull().default(false),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const runs = pgTable(
  'runs',
  {
    id: serial('id').primaryKey(),
    kind: runKind('kind').notNull(),
    parentRunId: integer('parent_run_id'),
    model: text('model').notNull(),
    network: text('network').notNull(),
    server: text('server').notNull(),
    gpus: integer('gpus').notNull().default(1),
    gpuIndices: jsonb('gpu_indices').$type<number[]>(),
    state: runState('state').notNull().default('queued'),
    /** The spec as it was sent to TAO, after taobot's edits, and its hash (approvals are bound to it). */
    specSnapshot: text('spec_snapshot'),
    specHash: text('spec_hash'),
    /** What the person asked for: epochs, checkpoint interval, prune threshold, device, precision… */
    params: jsonb('params').$type<Record<string, unknown>>().notNull().default({}),
    numEpochs: integer('num_epochs'),
    requestedBy: text('requested_by').notNull(),
    platform: text('platform').notNull(),
    channelId: text('channel_id').notNull(),
    resultsDir: text('results_dir'),
    /** argv with secrets redacted, for `/run <id>` and the audit trail. */
    argv: jsonb('argv').$type<string[]>(),
    /** How to find the process again after a restart: pid and process group, Slurm job id… */
    processHandle: jsonb('process_handle').$type<Record<string, unknown>>(),
    simulated: boolean('simulated').notNull().default(false),
    exitCode: integer('exit_code'),
    error: text('error'),
    logTail: text('log_tail'),
    result: jsonb('result').$type<Record<string, unknown>>(),
    createdAt: createdAt(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('runs_state_idx').on(table.state),
    index('runs_model_idx').on(table.model, table.createdAt),
    index('runs_parent_idx').on(table.parentRunId),
  ],
);

/** Append-only history of each run: transitions and notable observations. */
export const runEvents = pgTable(
  'run_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    runId: integer('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    type: text('type').notNull(),
    fromState: runState('from_state'),
    toState: runState('to_state'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  },
  (table) => [index('run_events_run_idx').on(table.runId, table.id)],
);

/** One row per (run, epoch): re-reading a file after a restart adds nothing twice. */
export const epochs = pgTable(
  'epochs',
  {
    runId: integer('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    epoch: integer('epoch').notNull(),
    loss: doublePrecision('loss'),
    lr: doublePrecision('lr'),
    map: doublePrecision('map'),
    validationLoss: doublePrecision('validation_loss'),
    ap: jsonb('ap').$type<Record<string, number>>().notNull().default({}),
    epochSeconds: doublePrecision('epoch_seconds'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.runId, table.epoch] })],
);

export const checkpoints = pgTable(
  'checkpoints',
  {
    runId: integer('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    epoch: integer('epoch').notNull(),
    path: text('path').notNull(),
    bytes: bigint('bytes', { mode: 'number' }).notNull(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.runId, table.epoch] })],
);

/** How far each of a run's files has been read, so a restart resumes instead of re-reading. */
export const fileOffsets = pgTable(
  'file_offsets',
  {
    runId: integer('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    file: text('file').notNull(),
    offset: bigint('offset', { mode: 'number' }).notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.runId, table.file] })],
);

/** Chat messages taobot keeps editing (a run's status card), so a restart edits the same message. */
export const chatMessages = pgTable(
  'chat_messages',
  {
    id: serial('id').primaryKey(),
    runId: integer('run_id').references(() => runs.id, { onDelete: 'cascade' }),
    purpose: text('purpose').notNull(),
    platform: text('platform').notNull(),
    channelId: text('channel_id').notNull(),
    messageRef: text('message_ref').notNull(),
    threadRef: text('thread_ref'),
    contentHash: text('content_hash'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('chat_messages_run_purpose_idx').on(table.runId, table.platform, table.purpose)],
);

/** Posted-once markers: the final suggestion of a run, a day's summary… (unique key makes posting idempotent). */
export const notifications = pgTable('notifications', {
  key: text('key').primaryKey(),
  runId: integer('run_id').references(() => runs.id, { onDelete: 'cascade' }),
  createdAt: createdAt(),
});

export const approvals = pgTable(
  'approvals',
  {
    id: serial('id').primaryKey(),
    kind: text('kind').notNull(),
    runId: integer('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    subject: jsonb('subject').$type<Record<string, unknown>>().notNull(),
    subjectHash: text('subject_hash').notNull(),
    requestedBy: text('requested_by').notNull(),
    approvers: jsonb('approvers').$type<string[]>().notNull().default([]),
    state: text('state').notNull().default('pending'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    platform: text('platform').notNull(),
    channelId: text('channel_id').notNull(),
    createdAt: createdAt(),
  },
  (table) => [index('approvals_state_idx').on(table.state)],
);

export const auditLog = pgTable('audit_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  target: text('target'),
  allowed: boolean('allowed').notNull(),
  reason: text('reason'),
  data: jsonb('data').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
});

/** One row per prune run: what was pruned, how, and what came out (TAO's ratio is a parameter-count ratio). */
export const pruneResults = pgTable(
  'prune_results',
  {
    runId: integer('run_id')
      .primaryKey()
      .references(() => runs.id, { onDelete: 'cascade' }),
    sourceRunId: integer('source_run_id').notNull(),
    sourceEpoch: integer('source_epoch').notNull(),
    threshold: doublePrecision('threshold').notNull(),
    normalizer: text('normalizer').notNull(),
    equalization: text('equalization').notNull(),
    granularity: integer('granularity').notNull(),
    minFilters: integer('min_filters').notNull(),
    excludedLayers: jsonb('excluded_layers').$type<string[]>().notNull().default([]),
    paramRatio: doublePrecision('param_ratio'),
    sizeBytes: bigint('size_bytes', { mode: 'number' }),
    sourceSizeBytes: bigint('source_size_bytes', { mode: 'number' }),
    paramCount: bigint('param_count', { mode: 'number' }),
    outputPath: text('output_path').notNull(),
    createdAt: createdAt(),
  },
  (table) => [index('prune_results_source_idx').on(table.sourceRunId)],
);

/** Standalone evaluations of a checkpoint (per-class AP as TAO printed it). */
export const evaluations = pgTable('evaluations', {
  runId: integer('run_id')
    .primaryKey()
    .references(() => runs.id, { onDelete: 'cascade' }),
  sourceRunId: integer('source_run_id').notNull(),
  epoch: integer('epoch').notNull(),
  map: doublePrecision('map'),
  ap: jsonb('ap').$type<Record<string, number>>().notNull().default({}),
  createdAt: createdAt(),
});

/** One row per deploy run: the engine built on a device and what it measured. */
export const deployments = pgTable(
  'deployments',
  {
    runId: integer('run_id')
      .primaryKey()
      .references(() => runs.id, { onDelete: 'cascade' }),
    sourceRunId: integer('source_run_id').notNull(),
    epoch: integer('epoch').notNull(),
    device: text('device').notNull(),
    precision: text('precision').notNull(),
    enginePath: text('engine_path'),
    engineBytes: bigint('engine_bytes', { mode: 'number' }),
    throughputQps: doublePrecision('throughput_qps'),
    latencyMeanMs: doublePrecision('latency_mean_ms'),
    latencyP99Ms: doublePrecision('latency_p99_ms'),
    tensorrtVersion: text('tensorrt_version'),
    createdAt: createdAt(),
  },
  (table) => [index('deployments_device_idx').on(table.device, table.createdAt)],
);
