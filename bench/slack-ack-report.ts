/** The Slack ack benchmark's figures: per-round percentiles, their medians across rounds, and the ratios. */

export type App = 'bare' | 'adapter' | 'taobot';
export type Phase = 'seq' | 'rapid' | 'burst';
export const APPS: readonly App[] = ['bare', 'adapter', 'taobot'];

/** Latencies in ms: per phase, per app, one array per round. */
export type Results = Record<Phase, Record<App, number[][]>>;

import { percentile } from './stats.js';

export { percentile };

const median = (values: readonly number[]) => percentile(values, 50);

/**
 * The p99 of 50 samples is their maximum, so one descheduled moment on a shared machine decides it; the median of
 * the rounds' p99s is what a reader can compare.
 */
export function summarize(rounds: readonly number[][]) {
  return {
    p50: median(rounds.map((round) => percentile(round, 50))),
    p99: median(rounds.map((round) => percentile(round, 99))),
    max: Math.max(...rounds.flat()),
  };
}

export function formatReport(
  results: Results,
  setup: { commands: number; rounds: number; command: string },
): string {
  const ms = (n: number) => n.toFixed(2).padStart(8);
  const labels: Record<Phase, string> = {
    seq: `sequential ×${setup.commands}`,
    rapid: `back-to-back ×${setup.commands}`,
    burst: `concurrent ×${setup.commands}`,
  };
  const lines = [
    'Slack slash-command ack latency through Socket Mode, one emulator, each app in its own process',
    `(ms from envelope sent to ack received; median over ${setup.rounds} rounds of each round's p50 / p99)`,
    `command: ${setup.command} (taobot plans the run and answers ephemerally after its ack)`,
    'sequential: one at a time, the next sent a moment after taobot answered the last; back-to-back: the next',
    'sent as soon as the last is acked, so it arrives while taobot works on the last; concurrent: all at once.',
    '',
    `${'phase'.padEnd(22)}${'app'.padEnd(9)}${'p50'.padStart(8)}${'p99'.padStart(8)}${'max'.padStart(8)}`,
  ];
  const ratios: string[] = [];
  for (const phase of ['seq', 'rapid', 'burst'] as const) {
    const figures = Object.fromEntries(APPS.map((app) => [app, summarize(results[phase][app])])) as Record<
      App,
      ReturnType<typeof summarize>
    >;
    for (const app of APPS) {
      const { p50, p99, max } = figures[app];
      lines.push(
        `${(app === 'bare' ? labels[phase] : '').padEnd(22)}${app.padEnd(9)}${ms(p50)}${ms(p99)}${ms(max)}`,
      );
    }
    const ratio = (app: App) => (figures[app].p99 / figures.bare.p99).toFixed(2);
    ratios.push(
      `  ${labels[phase].split(' ')[0]?.padEnd(13)} taobot ${ratio('taobot')}x   adapter alone ${ratio('adapter')}x`,
    );
  }
  lines.push('', 'p99 against the bare app (aim: within 1.5x):', ...ratios);
  return lines.join('\n');
}
