/**
 * Slash-command ack latency through Socket Mode: taobot against a bare Bolt app that only acks, and against
 * taobot's Slack adapter alone (handlers that do nothing), all connected to the same Slack emulator in the same
 * run, each in its own process. The latency is the emulator's: from sending the envelope to receiving its ack,
 * which is what Slack's 3-second clock measures. taobot gets a command that does real work after its ack
 * (`/train … dry_run`: read the spec, plan, answer ephemerally), so the figures show whether that work delays
 * acks; the adapter-alone row separates the adapter's own cost from the core's. The apps take turns, round after
 * round, so a busy machine slows all alike; read the ratios, not the absolute numbers.
 *
 * Run: `node bin/run-ts.js bench/slack-ack.ts`
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type SlackEmulator, startSlackEmulator } from '../test/emulators/slack/emulator.js';
import { slashCommandPayload } from '../test/emulators/slack/payloads.js';
import { startBenchApp } from './bench-app.js';
import { APPS, type App, formatReport, type Results } from './slack-ack-report.js';

const COMMANDS = 50;
const ROUNDS = 5;
const WARMUP = 10;
/** Sequential commands are a moment apart, as people type: the last one's work is over, not just its answer. */
const QUIET_MS = 25;
const COMMAND = { command: '/train', text: 'ssd_resnet18 epochs=6 dry_run' };
const APP_TOKENS = { bare: 'xapp-bare-baseline-app', adapter: 'xapp-adapter-only-app' } as const;
const ROOT = fileURLToPath(new URL('..', import.meta.url));

export async function runSlackAckBench(): Promise<string> {
  const home = mkdtempSync(join(tmpdir(), 'taobot-slack-bench-'));
  const emulator = await startSlackEmulator();
  emulator.addApp(APP_TOKENS.bare);
  emulator.addApp(APP_TOKENS.adapter);
  const token = (app: App) => (app === 'taobot' ? emulator.appToken : APP_TOKENS[app]);
  const children: Array<ReturnType<typeof startApp>> = [];
  try {
    children.push(...APPS.map((app) => startApp(app, emulator, home, token(app))));
    await Promise.all(children.map((child) => child.ready));
    for (const app of APPS) await emulator.socket.waitForConnection({ appToken: token(app) });
    let answers = 0;
    /** taobot's detached work must be done before the other app's turn, or it would slow the baseline. */
    const settle = async (app: App, sent: number) => {
      if (app !== 'taobot') return;
      answers += sent;
      const deadline = Date.now() + 120_000;
      while (emulator.store.ephemerals.length < answers) {
        if (Date.now() > deadline)
          throw new Error(`taobot answered ${emulator.store.ephemerals.length} of ${answers}`);
        await delay(5);
      }
    };
    /** One command at a time: `waitAnswer` sends the next after taobot answered the last, else at its ack. */
    const sequential = async (app: App, count: number, waitAnswer: boolean) => {
      const out: number[] = [];
      for (let i = 0; i < count; i++) {
        const ack = await emulator.slashCommand(COMMAND, { appToken: token(app) });
        out.push(ack.latencyMs ?? Number.NaN);
        if (waitAnswer) {
          await settle(app, 1);
          await delay(QUIET_MS);
        }
      }
      if (!waitAnswer) await settle(app, count);
      return out;
    };
    const burst = async (app: App) => {
      const acks = await emulator.socket.sendBurst(
        Array.from({ length: COMMANDS }, () => ({
          type: 'slash_commands',
          payload: slashCommandPayload(COMMAND, emulator.newResponseUrl()),
        })),
        { appToken: token(app) },
      );
      await settle(app, COMMANDS);
      return acks.map((ack) => ack.latencyMs ?? Number.NaN);
    };

    for (const app of APPS) await sequential(app, WARMUP, false);
    const results: Results = {
      seq: { bare: [], adapter: [], taobot: [] },
      rapid: { bare: [], adapter: [], taobot: [] },
      burst: { bare: [], adapter: [], taobot: [] },
    };
    for (let round = 0; round < ROUNDS; round++) {
      for (const app of APPS) results.seq[app].push(await sequential(app, COMMANDS, true));
      for (const app of APPS) results.rapid[app].push(await sequential(app, COMMANDS, false));
      for (const app of APPS) results.burst[app].push(await burst(app));
    }
    return formatReport(results, {
      commands: COMMANDS,
      rounds: ROUNDS,
      command: `${COMMAND.command} ${COMMAND.text}`,
    });
  } finally {
    for (const child of children) child.process.kill('SIGTERM');
    await Promise.all(children.map((child) => child.process.catch(() => undefined)));
    await emulator.close();
    rmSync(home, { recursive: true, force: true });
  }
}

function startApp(app: App, emulator: SlackEmulator, home: string, appToken: string) {
  // A clean environment: a SLACK_* or DATABASE_URL of the shell running the bench must not reach the apps.
  const env: Record<string, string> = { NODE_ENV: 'production', PATH: process.env.PATH ?? '', HOME: home };
  if (app !== 'taobot') {
    Object.assign(env, {
      SLACK_BOT_TOKEN: emulator.botToken,
      SLACK_APP_TOKEN: appToken,
      SLACK_API_URL: emulator.apiUrl,
    });
  } else {
    env.TAOBOT_CONFIG = writeTaobotConfig(emulator, home);
  }
  return startBenchApp('slack-ack-app.ts', [app], env, `${app} app`);
}

function writeTaobotConfig(emulator: SlackEmulator, home: string): string {
  mkdirSync(join(home, 'runs'), { recursive: true });
  const path = join(home, 'taobot.yaml');
  writeFileSync(
    path,
    `dataDir: ${join(home, 'data')}
chat:
  shell: false
  slack: ${JSON.stringify({ botToken: emulator.botToken, appToken: emulator.appToken, apiUrl: emulator.apiUrl })}
servers:
  - { name: sim, executor: local, tao: "builtin:simulator", taoVersion: 5, workdir: ${join(home, 'runs')}, gpus: 2 }
models:
  ssd_resnet18: { network: ssd, spec: ${join(ROOT, 'specs/ssd_train_resnet18_kitti.txt')}, key: bench }
`,
  );
  return path;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${await runSlackAckBench()}\n`);
}
