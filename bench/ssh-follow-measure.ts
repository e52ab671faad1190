/** The measuring window of the ssh-follow benchmark and its report. */
import { setTimeout as delay } from 'node:timers/promises';
import type { ConnectionSample } from './ssh-follow-proc.js';

const SAMPLE_MS = 1_000;

export interface Phase {
  name: string;
  cpuS: number;
  maxConnections: number;
  /** Distinct connections seen during the window. */
  opened: number;
  note: string;
}

/** Samples the benchmark's connections each second for the window, around `body`, which runs until `stop`. */
export async function measure(
  name: string,
  sample: () => ConnectionSample,
  tickS: number,
  windowMs: number,
  body: (stop: AbortSignal) => Promise<string>,
): Promise<Phase> {
  const first = sample();
  const ports = new Set(first.clientPorts);
  let maxConnections = first.connections;
  const stop = new AbortController();
  const work = body(stop.signal);
  const deadline = Date.now() + windowMs;
  while (Date.now() < deadline) {
    await delay(Math.min(SAMPLE_MS, deadline - Date.now()));
    const now = sample();
    for (const port of now.clientPorts) ports.add(port);
    maxConnections = Math.max(maxConnections, now.connections);
  }
  const last = sample();
  stop.abort();
  const note = await work;
  return { name, cpuS: (last.ticks - first.ticks) / tickS, maxConnections, opened: ports.size, note };
}

/** Both sides side by side, with the ratios taobot / tail -F. */
export function report(runs: number, windowMs: number, taobot: Phase, baseline: Phase): string {
  const row = (p: Phase) =>
    `${p.name.padEnd(20)} ${p.cpuS.toFixed(2).padStart(8)} s ${String(p.maxConnections).padStart(6)} ${String(p.opened).padStart(7)}   ${p.note}`;
  const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');
  return [
    `${runs} runs followed for ${windowMs / 1000} s on the loopback GPU sshd; server side only`,
    `${'side'.padEnd(20)} ${'sshd CPU'.padStart(10)} ${'conns'.padStart(6)} ${'opened'.padStart(7)}`,
    row(taobot),
    row(baseline),
    `taobot / tail -F: CPU ${ratio(taobot.cpuS, baseline.cpuS)}, connections ${ratio(taobot.maxConnections, baseline.maxConnections)}`,
    'tail -F pushes each line as it is written; taobot reads what is new once a second',
  ].join('\n');
}
