import { startTaobot } from '../main.js';

/** `taobot start`: runs until stdin ends (terminal adapter) or a signal arrives. */
export async function runStart(): Promise<number> {
  const taobot = await startTaobot();
  const banner = `taobot ready · ${taobot.config.source} · database ${taobot.db.driver === 'pglite' ? `embedded (${taobot.config.dataDir})` : 'PostgreSQL'} · servers ${taobot.config.servers.map((s) => s.name).join(', ')}\nType /help, or /train ssd_resnet18 epochs=6 checkpoint_interval=2\n`;
  if (taobot.terminal) process.stdout.write(banner);
  else process.stderr.write(`${banner.split('\n')[0]}\n`);
  const stop = async () => {
    await taobot.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  if (!taobot.terminal) {
    // No terminal: taobot serves chat until it is told to stop (SIGINT, SIGTERM).
    await new Promise<never>(() => {});
  }
  await taobot.done;
  // stdin ended: finish what the reconciler is following before leaving, as a person typing would expect.
  await waitForIdle(taobot);
  await taobot.stop();
  return 0;
}

async function waitForIdle(taobot: Awaited<ReturnType<typeof startTaobot>>): Promise<void> {
  const { listRunsInStates } = await import('../db/repositories/runs.js');
  const { ACTIVE_STATES } = await import('../pipeline/runs/run-state.js');
  for (;;) {
    await taobot.reconciler.reconcileOnce();
    const active = await listRunsInStates(taobot.db.db, [...ACTIVE_STATES]);
    if (active.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
