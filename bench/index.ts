/**
 * `npm run bench`: every benchmark, one after another (never in parallel: they would measure each other). Each
 * reports ratios against a baseline measured in the same run, since the machines are shared and noisy.
 * `npm run bench -- parsers ingest` runs only the named ones.
 */
import { formatBench, runParserBench } from './parsers.js';

const BENCHES: ReadonlyArray<readonly [string, () => Promise<string>]> = [
  ['parsers', async () => formatBench(await runParserBench())],
  ['ingest', async () => (await import('./ingest.js')).runIngestBench()],
  ['load', async () => (await import('./runs-load.js')).runLoadBench()],
  ['slack', async () => (await import('./slack-ack.js')).runSlackAckBench()],
  ['discord', async () => (await import('./discord-defer.js')).runDiscordDeferBench()],
  ['analytics', async () => (await import('./analytics.js')).runAnalyticsBench()],
  ['ssh-follow', async () => (await import('./ssh-follow.js')).runSshFollowBench()],
];

const wanted = process.argv.slice(2);
for (const [name, run] of BENCHES) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  process.stdout.write(`\n== ${name}\n`);
  process.stdout.write(`${await run()}\n`);
}
