import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { sameCommands } from '../../../../src/bot/adapters/discord/command-diff.js';
import { commandsJson } from '../../../../src/bot/adapters/discord/commands-json.js';
import { registerDiscordCommands } from '../../../../src/bot/adapters/discord/register.js';
import { COMMANDS } from '../../../../src/bot/commands/index.js';
import { type DiscordEmulator, startDiscordEmulator } from '../../../emulators/discord/emulator.js';
import { SPECS_DIR, TAOBOT_BIN } from '../../../helpers/taobot-process.js';

let emulator: DiscordEmulator | undefined;

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** `taobot discord-register` as a person runs it, on a config that points at the emulator. */
function registerCli(discord: DiscordEmulator, options: { token?: string } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'taobot-register-'));
  const configPath = join(dir, 'taobot.yaml');
  writeFileSync(
    configPath,
    `dataDir: ${join(dir, 'data')}
chat:
  discord: { token: "${options.token ?? discord.token}", applicationId: "${discord.applicationId}", guildId: "${discord.guildId}", apiUrl: "${discord.apiUrl}" }
servers: [{ name: sim, executor: local, tao: "builtin:simulator", workdir: ${join(dir, 'runs')}, gpus: 1 }]
models: { ssd_resnet18: { spec: ${join(SPECS_DIR, 'ssd_train_resnet18_kitti.txt')} } }
`,
  );
  const env: Record<string, string | undefined> = { ...process.env, TAOBOT_CONFIG: configPath };
  for (const key of ['DISCORD_TOKEN', 'DISCORD_APPLICATION_ID', 'DISCORD_API_URL']) delete env[key];
  return execa(process.execPath, [TAOBOT_BIN, 'discord-register'], { reject: false, env });
}

describe('taobot discord-register', () => {
  it('registers exactly the commands of the registry in the guild, and does nothing the second time', async () => {
    const discord = await startDiscordEmulator();
    emulator = discord;
    const first = await registerCli(discord);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stdout).toBe(
      `Registered ${COMMANDS.length} Discord commands in guild ${discord.guildId}: ${COMMANDS.map((c) => `/${c.name}`).join(', ')}`,
    );
    const registered = discord.state.commandsOf(discord.guildId, discord.applicationId) ?? [];
    expect(registered.map((c) => c.name)).toEqual(COMMANDS.map((c) => c.name));
    expect(sameCommands(registered, commandsJson(COMMANDS))).toBe(true);
    expect(discord.state.commandsOf('global', discord.applicationId)).toBeUndefined();

    const second = await registerCli(discord);
    expect(second.exitCode, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/^Discord commands unchanged in guild \d+: \/train, /);
    expect(discord.state.commandPuts).toHaveLength(1);
    expect(
      discord.state.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/commands')),
    ).toHaveLength(2);
  }, 60_000);

  it('pushes again when what Discord holds differs, and explains a refused token', async () => {
    const discord = await startDiscordEmulator();
    emulator = discord;
    const edited = commandsJson(COMMANDS).map((c, i) => ({
      ...c,
      type: 1,
      id: String(600000000000000000n + BigInt(i)),
      application_id: discord.applicationId,
      version: '1',
      default_member_permissions: null,
      description: c.name === 'train' ? 'an older description' : c.description,
    }));
    discord.state.commands.set(`${discord.applicationId}:${discord.guildId}`, edited);
    const result = await registerCli(discord);
    expect(result.stdout).toMatch(/^Registered /);
    expect(discord.state.commandPuts).toHaveLength(1);
    expect(
      discord.state.commandsOf(discord.guildId, discord.applicationId)?.find((c) => c.name === 'train')
        ?.description,
    ).toBe('Start a TAO training run');
    // Discord keeps a command's id across an overwrite by name.
    expect(discord.state.commandsOf(discord.guildId, discord.applicationId)?.map((c) => c.id)).toEqual(
      edited.map((c) => c.id),
    );

    const refused = await registerCli(discord, { token: 'wrong-token' });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/Discord answered 401 .*check DISCORD_TOKEN/);
  }, 60_000);

  it('registers global commands when no guild is configured', async () => {
    const discord = await startDiscordEmulator();
    emulator = discord;
    const config = { token: discord.token, applicationId: discord.applicationId, apiUrl: discord.apiUrl };
    expect(await registerDiscordCommands(config, COMMANDS)).toMatchObject({ scope: 'global', changed: true });
    expect(await registerDiscordCommands(config, COMMANDS)).toMatchObject({
      scope: 'global',
      changed: false,
    });
    expect(discord.state.commandsOf('global', discord.applicationId)?.map((c) => c.name)).toEqual(
      COMMANDS.map((c) => c.name),
    );
    expect(discord.state.commandsOf(discord.guildId, discord.applicationId)).toBeUndefined();
  });
});
