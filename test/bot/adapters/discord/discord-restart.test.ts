import { afterEach, describe, expect, it } from 'vitest';
import type { Taobot } from '../../../../src/main.js';
import { type DiscordEmulator, startDiscordEmulator } from '../../../emulators/discord/emulator.js';
import { makeDiscordHome, messages, startDiscordTaobot } from './discord-taobot.js';

let emulator: DiscordEmulator | undefined;
const running: Taobot[] = [];

afterEach(async () => {
  for (const taobot of running.splice(0)) await taobot.stop();
  await emulator?.close();
  emulator = undefined;
});

describe('taobot on Discord across failures', () => {
  it('keeps editing the same status message after a restart mid-run, past the interaction token’s life', async () => {
    // Interaction tokens live 15 minutes on Discord; here 4 s, shorter than the run, which must not matter.
    const tokenTtlMs = 4000;
    const discord = await startDiscordEmulator({ tokenTtlMs });
    emulator = discord;
    const { state } = discord;
    const read = messages(discord);
    const home = makeDiscordHome(discord, { epochMs: 500 });
    const first = await startDiscordTaobot(home);
    running.push(first);
    const train = discord.injectSlashCommand({
      name: 'train',
      options: { model: 'ssd_resnet18', epochs: 10 },
    });
    const status = await state.until('the status message', () => read.status(discord.channelId, 1));
    await state.until(
      'an epoch on the status',
      () => (read.epochs(status).some((e) => e >= 2) ? true : undefined),
      30_000,
    );
    await first.stop();
    running.splice(running.indexOf(first), 1);
    const restartedAt = performance.now();
    const before = status.versions.length;
    expect(read.epochs(status).at(-1)).toBeLessThan(10);

    const second = await startDiscordTaobot(home);
    running.push(second);
    await state.until(
      'the final status',
      () => (/· succeeded$/.test(read.title(status)) ? true : undefined),
      60_000,
    );
    expect(read.epochs(status).at(-1)).toBe(10);
    const after = status.versions.slice(before);
    expect(after.length).toBeGreaterThanOrEqual(1);
    expect(after.every((v) => v.at > restartedAt && v.via === 'channel')).toBe(true);
    expect(status.versions.some((v) => v.at > train.injectedAt + tokenTtlMs)).toBe(true);
    // One status message for the run, edited by both instances; no second one posted after the restart.
    expect(read.titled(discord.channelId, /Run #1 · train ssd_resnet18 · /)).toHaveLength(1);
    const finals = await state.until('the best checkpoint', () => {
      const found = [
        ...read.titled(status.id, /Run #1 · train ssd_resnet18 finished$/),
        ...read.titled(discord.channelId, /Run #1 · train ssd_resnet18 finished$/),
      ];
      return found.length === 2 ? found : undefined;
    });
    expect(finals.map((m) => m.channelId)).toEqual([status.id, discord.channelId]);
    expect(state.requests.filter((r) => r.path.endsWith('/threads') && r.status < 300)).toHaveLength(1);
  }, 120_000);

  it('resumes the gateway after the socket drops, losing neither a run update nor a command', async () => {
    const discord = await startDiscordEmulator();
    emulator = discord;
    const { state } = discord;
    const read = messages(discord);
    const taobot = await startDiscordTaobot(makeDiscordHome(discord, { epochMs: 400 }));
    running.push(taobot);
    discord.injectSlashCommand({ name: 'train', options: { model: 'ssd_resnet18', epochs: 8 } });
    const status = await state.until('the status message', () => read.status(discord.channelId, 1));
    await state.until(
      'an epoch on the status',
      () => (read.epochs(status).some((e) => e >= 1) ? true : undefined),
      30_000,
    );

    discord.dropGateway();
    const droppedAt = performance.now();
    expect(discord.gatewayConnected()).toBe(false);
    // Sent while the socket is down: Discord keeps it for the session and replays it after the RESUME.
    const runs = discord.injectSlashCommand({ name: 'runs', options: {} });
    const deferred = await state.until('the replayed command deferred', () => runs.callbacks[0]);
    expect(deferred.type).toBe(5);
    expect(deferred.at - runs.injectedAt).toBeLessThan(3000);
    expect(state.gateway).toMatchObject({ identifies: 1, resumes: 1 });
    expect(state.gateway.replayed).toBeGreaterThanOrEqual(1);
    const list = await state.until(
      'the run list',
      () => read.titled(discord.channelId, /^Recent runs \(1\)$/)[0],
    );
    expect(read.description(list)).toMatch(/#1\*\s+train\s+ssd_resnet18/);

    await state.until(
      'the final status',
      () => (/· succeeded$/.test(read.title(status)) ? true : undefined),
      60_000,
    );
    expect(read.epochs(status).at(-1)).toBe(8);
    expect(status.versions.some((v) => v.at > droppedAt)).toBe(true);
    expect(read.titled(discord.channelId, /Run #1 · train ssd_resnet18 finished$/)).toHaveLength(1);
    // Nothing refused, but the probe for the run's thread before it was started.
    expect(
      state.requests.filter((r) => r.status >= 400).map((r) => `${r.method} ${r.path} ${r.status}`),
    ).toEqual([`GET /api/v10/channels/${status.id} 404`]);
  }, 90_000);
});
