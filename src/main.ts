import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { startDailySummaries } from './analytics/daily-summaries.js';
import { createShellAdapter } from './bot/adapters/shell/shell-adapter.js';
import { COMMANDS } from './bot/commands/index.js';
import { CommandRegistry } from './bot/core/command.js';
import { dispatch } from './bot/core/dispatch.js';
import { dispatchClick } from './bot/core/dispatch-click.js';
import type { ChatAdapter, ChatSink, InboundHandlers, Platform } from './bot/core/types.js';
import type { Services } from './bot/services.js';
import { type Config, loadConfig } from './config/index.js';
import { createDb, type DbHandle } from './db/client.js';
import { syncServers } from './db/repositories/servers.js';
import { createLogger, type Logger } from './logger.js';
import { meteredSink } from './metrics/metered-sink.js';
import { startMetricsServer } from './metrics/metrics-server.js';
import { createTaobotMetrics } from './metrics/taobot-metrics.js';
import { type ApprovalDeps, expireDue } from './pipeline/approvals/service.js';
import { checkApprovalSubject } from './pipeline/approvals/subject.js';
import { createChartRenderer } from './pipeline/charts/render.js';
import { createExecutor, executorOptionsFor } from './pipeline/executors/index.js';
import type { Executor, HostHealth } from './pipeline/executors/types.js';
import { createGpuAvailability } from './pipeline/gpus/availability.js';
import { createLeasedReconciler } from './pipeline/lease/leased-reconciler.js';
import { createReconcileLease } from './pipeline/lease/reconcile-lease.js';
import { createNotifier } from './pipeline/notify/notifier.js';
import { createReconciler, type Reconciler, type ReconcilerDeps } from './pipeline/runs/reconciler.js';
import { createRunCharts } from './pipeline/runs/run-charts-impl.js';

export interface TaobotOptions {
  config?: Config;
  input?: Readable;
  output?: Writable & { isTTY?: boolean };
  logger?: Logger;
  /** How often the reconciler looks at active runs. */
  reconcileIntervalMs?: number;
  /** Chat platform adapters (Slack, Discord) built by the caller; the terminal adapter is built here. */
  adapters?: ChatAdapter[];
  /** Told how long each reconcile pass took. */
  onReconcilePass?(milliseconds: number, activeRuns: number): void;
}

export interface Taobot {
  config: Config;
  db: DbHandle;
  reconciler: Reconciler;
  /** Resolves when the terminal's input ends (or at once without a terminal adapter). */
  done: Promise<void>;
  /** Whether the terminal adapter runs. */
  terminal: boolean;
  /** Where Prometheus scrapes taobot (`metrics.port` configured), e.g. `http://0.0.0.0:9464/metrics`. */
  metricsUrl?: string;
  stop(): Promise<void>;
}

/**
 * The composition root: config → logger → db → executors → notifier and reconciler → commands → adapters.
 * Every dependency is handed over here; nothing else builds one.
 */
export async function startTaobot(options: TaobotOptions = {}): Promise<Taobot> {
  const config = options.config ?? loadConfig();
  const shellEnabled = config.chat.shell ?? (!config.chat.slack && !config.chat.discord);
  const logger =
    options.logger ?? createLogger({ file: shellEnabled ? join(config.dataDir, 'taobot.log') : undefined });
  const db = await createDb(
    config.database.url ? { url: config.database.url } : { dataDir: join(config.dataDir, 'pglite') },
  );
  await db.migrate();
  await syncServers(db.db, config.servers);
  const metrics = createTaobotMetrics({ db: db.db, logger });

  const readSpec = (path: string) => readFileSync(path, 'utf8');
  const executors = new Map<string, Executor>();
  // An unreachable host is said once when it goes and once when it is back, not on every poll.
  const onHealthChange = (health: HostHealth, host: string) =>
    health.state === 'reachable'
      ? logger.info({ host }, 'host reachable again')
      : logger.warn(
          { host, since: health.since, error: health.lastError },
          'host unreachable; retrying with backoff',
        );
  const executorFor = (server: Config['servers'][number]) => {
    let executor = executors.get(server.name);
    if (!executor) {
      executor = createExecutor(
        server.executor,
        executorOptionsFor(server, {
          logger: logger.child({ executor: server.executor, server: server.name }),
          onHealthChange,
        }),
      );
      executors.set(server.name, executor);
    }
    return executor;
  };
  const deviceExecutors = new Map<string, Executor>();
  const executorForDevice = (device: Config['devices'][number]) => {
    let executor = deviceExecutors.get(device.name);
    if (!executor) {
      // A Jetson is reached like a GPU server: over SSH when it has a host, on this machine otherwise.
      const kind = device.host ? 'ssh' : 'local';
      executor = createExecutor(
        kind,
        executorOptionsFor(device, {
          logger: logger.child({ executor: kind, device: device.name }),
          onHealthChange,
        }),
      );
      deviceExecutors.set(device.name, executor);
    }
    return executor;
  };

  const sinks = new Map<Platform, ChatSink>();
  const shell = shellEnabled
    ? createShellAdapter({ input: options.input ?? process.stdin, output: options.output ?? process.stdout })
    : null;
  if (shell) sinks.set('shell', meteredSink(shell.sink, metrics));
  const adapters = [
    ...(options.adapters ?? []),
    ...(await createPlatformAdapters(config, logger, (platform, seconds) =>
      metrics.rateLimitWait(platform, seconds),
    )),
  ];
  for (const adapter of adapters) sinks.set(adapter.platform, meteredSink(adapter.sink, metrics));

  const notifier = createNotifier({ db: db.db, sinks, logger });
  const renderer = createChartRenderer({
    renderer: config.charts.renderer,
    quickchartUrl: config.charts.quickchartUrl,
    outputDir: join(config.dataDir, 'charts'),
    onWarning: (message) => logger.warn(message),
  });
  const approvals: ApprovalDeps = {
    db: db.db,
    config,
    sinks,
    logger,
    kick: () => reconciler.kick(),
    subjectStillValid: (approval) => checkApprovalSubject({ db: db.db, config, readSpec }, approval),
  };
  const charts = createRunCharts(renderer);
  // One nvidia-smi cache for placement in the reconciler and for picking a server at /train.
  const gpuAvailability = createGpuAvailability({ executorFor, logger });
  const reconcilerDeps: ReconcilerDeps = {
    gpuAvailability,
    db: db.db,
    config,
    executorFor,
    executorForDevice,
    notifier,
    charts,
    logger,
    housekeeping: async () => {
      await expireDue(approvals);
    },
    onPass: (milliseconds, activeRuns) => {
      metrics.observeReconcilePass(milliseconds, activeRuns);
      options.onReconcilePass?.(milliseconds, activeRuns);
    },
  };
  // Several replicas may share one PostgreSQL: only the lease holder reconciles, the others serve chat.
  const lease = createReconcileLease(config.database.url, logger);
  lease.onChange((state) => metrics.reconcileLease(state === 'holder'));
  const reconciler: Reconciler = createLeasedReconciler({
    lease,
    logger,
    flush: () => notifier.flush(),
    create: () => createReconciler(reconcilerDeps),
  });
  const registry = new CommandRegistry(COMMANDS);
  const services: Services = {
    gpuAvailability,
    db: db.db,
    config,
    notifier,
    executorFor,
    executorForDevice,
    approvals,
    charts,
    kick: () => reconciler.kick(),
    readSpec,
    logger,
    commands: () => registry.list(),
  };
  await lease.start();
  reconciler.start(options.reconcileIntervalMs ?? config.pipeline.reconcileIntervalMs);

  const handlers: InboundHandlers = {
    command: (request, reply) => dispatch(registry, request, reply, services, logger),
    click: (click, reply) => dispatchClick(registry, click, reply, services, logger),
  };
  for (const adapter of adapters) await adapter.start(handlers);
  const done = shell ? shell.run(handlers.command) : Promise.resolve();
  const summaries = startDailySummaries({
    config,
    db: db.db,
    notifier,
    renderer,
    logger,
    platforms: new Set(sinks.keys()),
    onPosted: (late) => metrics.summaryPosted(late),
  });
  const metricsServer = config.metrics
    ? await startMetricsServer({ registry: metrics.registry, ...config.metrics, logger })
    : null;

  let stopping: Promise<void> | null = null;
  return {
    config,
    db,
    reconciler,
    done,
    terminal: shell !== null,
    metricsUrl: metricsServer?.url,
    stop() {
      stopping ??= (async () => {
        for (const adapter of adapters)
          await adapter.stop().catch((error: unknown) => logger.warn({ err: error }, 'adapter stop failed'));
        await summaries?.stop();
        await metricsServer?.close();
        await reconciler.stop();
        await db.close();
      })();
      return stopping;
    },
  };
}

/**
 * The platform adapters the configuration asks for. Each adapter module is loaded only when configured, so a
 * terminal-only taobot never loads a chat SDK.
 */
async function createPlatformAdapters(
  config: Config,
  logger: Logger,
  onRateLimitWait: (platform: Platform, seconds: number) => void,
): Promise<ChatAdapter[]> {
  const adapters: ChatAdapter[] = [];
  if (config.chat.slack) {
    const { createSlackAdapter } = await import('./bot/adapters/slack/slack-adapter.js');
    adapters.push(
      createSlackAdapter(config.chat.slack, logger, {
        onRateLimitWait: (seconds) => onRateLimitWait('slack', seconds),
      }),
    );
  }
  if (config.chat.discord) {
    const { createDiscordAdapter } = await import('./bot/adapters/discord/discord-adapter.js');
    adapters.push(
      createDiscordAdapter(config.chat.discord, logger.child({ component: 'discord' }), {
        onRateLimitWait: (seconds) => onRateLimitWait('discord', seconds),
      }),
    );
  }
  return adapters;
}
