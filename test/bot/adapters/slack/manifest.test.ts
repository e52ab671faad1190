import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BOT_SCOPES, buildSlackManifest } from '../../../../src/bot/adapters/slack/manifest.js';
import { runSlackManifest } from '../../../../src/bot/adapters/slack/manifest-cli.js';

interface Manifest {
  features: {
    bot_user: { display_name: string };
    slash_commands: Array<{ command: string; description: string; usage_hint?: string; url?: string }>;
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: { interactivity: { is_enabled: boolean; request_url?: string }; socket_mode_enabled: boolean };
}

const commands = [
  { name: 'train', description: 'Start a TAO training run', usage: '<model> [epochs=…]' },
  { name: 'runs', description: 'List recent runs' },
  { name: 'help', description: 'List the commands' },
];

describe('buildSlackManifest', () => {
  it('declares each command, the /taobot umbrella, the scopes and Socket Mode by default', () => {
    const manifest = parse(buildSlackManifest({ commands })) as Manifest;
    const names = manifest.features.slash_commands.map((c) => c.command);
    expect(names).toEqual(['/train', '/runs', '/taobot']);
    expect(manifest.features.slash_commands[0]).toMatchObject({ usage_hint: '<model> [epochs=…]' });
    expect(manifest.features.slash_commands.every((c) => c.url === undefined)).toBe(true);
    expect(manifest.features.slash_commands[2]?.usage_hint).toBe('<train|runs|help> [options]');
    expect(manifest.oauth_config.scopes.bot).toEqual([...BOT_SCOPES]);
    expect(manifest.settings).toMatchObject({
      socket_mode_enabled: true,
      interactivity: { is_enabled: true },
    });
    expect(manifest.settings.interactivity.request_url).toBeUndefined();
  });

  it('points commands and interactivity at the request URL in HTTP mode', () => {
    const url = 'https://bot.example.com/slack/events';
    const manifest = parse(buildSlackManifest({ commands, requestUrl: url, name: 'tao-lab' })) as Manifest;
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect(manifest.settings.interactivity.request_url).toBe(url);
    expect(manifest.features.slash_commands.every((c) => c.url === url)).toBe(true);
    expect(manifest.features.bot_user.display_name).toBe('tao-lab');
  });
});

describe('taobot slack-manifest', () => {
  const capture = () => {
    let text = '';
    return {
      write: (chunk: string) => (text += chunk),
      get text() {
        return text;
      },
    };
  };

  it('prints the manifest of the real command registry', () => {
    const out = capture();
    const err = capture();
    expect(runSlackManifest([], out, err)).toBe(0);
    const manifest = parse(out.text) as Manifest;
    const train = manifest.features.slash_commands.find((c) => c.command === '/train');
    expect(train?.usage_hint).toMatch(/^<model> .*\[epochs=…\]/);
    expect(manifest.features.slash_commands.map((c) => c.command)).toContain('/taobot');
    expect(err.text).toBe('');
  });

  it('refuses a request URL that is not http(s)', () => {
    const out = capture();
    const err = capture();
    expect(runSlackManifest(['--request-url', 'bot.example.com'], out, err)).toBe(2);
    expect(err.text).toMatch(/--request-url must be an http\(s\) URL/);
    expect(out.text).toBe('');
  });
});
