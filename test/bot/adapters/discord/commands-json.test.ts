import { describe, expect, it } from 'vitest';
import { sameCommands } from '../../../../src/bot/adapters/discord/command-diff.js';
import {
  commandJson,
  commandsJson,
  discordOptionName,
  fromDiscordOptionName,
  optionJson,
} from '../../../../src/bot/adapters/discord/commands-json.js';
import { toCommandRequest } from '../../../../src/bot/adapters/discord/translate.js';
import { COMMANDS } from '../../../../src/bot/commands/index.js';
import { validateOptions } from '../../../../src/bot/core/options.js';
import { commandProblems } from '../../../emulators/discord/limits.js';

const train = COMMANDS.find((c) => c.name === 'train');

describe('commandsJson', () => {
  it('turns every command of the registry into a command Discord accepts', () => {
    const json = commandsJson(COMMANDS);
    expect(commandProblems(json)).toEqual([]);
    expect(json.map((c) => c.name)).toEqual(COMMANDS.map((c) => c.name));
  });

  it('declares /train with typed options, the required model first', () => {
    const json = commandJson(train as NonNullable<typeof train>);
    const options = (json.options ?? []) as unknown as Array<Record<string, unknown>>;
    expect(options.map((o) => [o.name, o.type])).toEqual([
      ['model', 3],
      ['epochs', 4],
      ['gpus', 4],
      ['server', 3],
      ['checkpoint_interval', 4],
      ['validation_period', 4],
      ['batch_size', 4],
      ['qat', 5],
      ['dry-run', 5],
    ]);
    expect(options[0]).toMatchObject({ name: 'model', required: true });
    expect(options[1]).toEqual({
      name: 'epochs',
      description: 'number of epochs (the spec’s num_epochs)',
      type: 4,
      min_value: 1,
      max_value: 10_000,
    });
    expect(options.slice(1).every((o) => o.required === undefined)).toBe(true);
  });

  it('moves required options before optional ones', () => {
    const json = commandJson({
      name: 'prune',
      description: 'Prune',
      options: [
        { name: 'pth', type: 'number', description: 'threshold', min: 0, max: 1 },
        { name: 'run', type: 'integer', description: 'run', required: true },
      ],
    });
    expect(json.options?.map((o) => o.name)).toEqual(['run', 'pth']);
    expect(json.options?.[1]).toMatchObject({ type: 10, min_value: 0, max_value: 1 });
  });

  it('offers string choices up to 25 and describes lists', () => {
    expect(
      optionJson({
        name: 'eq',
        type: 'string',
        description: 'equalization',
        choices: ['union', 'intersection'],
      }),
    ).toEqual({
      name: 'eq',
      description: 'equalization',
      type: 3,
      choices: [
        { name: 'union', value: 'union' },
        { name: 'intersection', value: 'intersection' },
      ],
    });
    const many = Array.from({ length: 26 }, (_, i) => `c${i}`);
    expect(optionJson({ name: 'x', type: 'string', description: 'x', choices: many })).not.toHaveProperty(
      'choices',
    );
    expect(optionJson({ name: 'sweep', type: 'list', description: 'thresholds' })).toMatchObject({
      type: 3,
      description: 'thresholds (comma-separated)',
    });
  });

  it('shortens descriptions to Discord’s 100 characters', () => {
    const json = commandJson({ name: 'long', description: 'd'.repeat(150), options: [] });
    expect(json.description).toHaveLength(100);
    expect(json).not.toHaveProperty('options');
  });

  it('refuses a name Discord would refuse', () => {
    expect(() => commandJson({ name: 'Train', description: 'x', options: [] })).toThrow(
      /not a valid Discord name/,
    );
    expect(() => optionJson({ name: 'two words', type: 'string', description: 'x' })).toThrow(/two words/);
  });

  it('maps every option name to Discord and back', () => {
    for (const command of COMMANDS) {
      for (const option of command.options) {
        expect(fromDiscordOptionName(discordOptionName(option))).toBe(option.name);
      }
    }
  });
});

describe('toCommandRequest', () => {
  it('turns typed interaction options into the core’s options, which validate against the same specs', () => {
    const request = toCommandRequest({
      commandName: 'train',
      options: [
        { name: 'model', value: 'ssd_resnet18' },
        { name: 'epochs', value: 6 },
        { name: 'qat', value: true },
        { name: 'dry-run', value: true },
      ],
      user: { id: '400000000000000001', username: 'alice', globalName: 'Alice' },
      channelId: '300000000000000001',
    });
    expect(request).toEqual({
      platform: 'discord',
      command: 'train',
      input: { options: { model: 'ssd_resnet18', epochs: 6, qat: true, dry_run: true } },
      user: { platform: 'discord', id: '400000000000000001', name: 'Alice' },
      channelId: '300000000000000001',
    });
    const validated = validateOptions(
      (request.input as { options: Record<string, string | number | boolean> }).options,
      train?.options ?? [],
    );
    expect(validated).toEqual({
      ok: true,
      value: { model: 'ssd_resnet18', epochs: 6, qat: true, dry_run: true },
    });
  });
});

describe('sameCommands', () => {
  const wanted = commandsJson(COMMANDS);
  /** What Discord answers after a PUT: its own fields added, `required: false` left out, any order. */
  const echoed = wanted
    .map((command, i) => ({
      ...command,
      id: `60000000000000000${i}`,
      application_id: '100000000000000001',
      version: '1',
      default_member_permissions: null,
      nsfw: false,
      contexts: null,
      integration_types: [0],
    }))
    .reverse();

  it('finds no difference between the wanted commands and Discord’s echo of them', () => {
    expect(sameCommands(echoed, wanted)).toBe(true);
  });

  it('sees a changed description, a missing command and reordered options', () => {
    const changed = echoed.map((c) => (c.name === 'runs' ? { ...c, description: 'old text' } : c));
    expect(sameCommands(changed, wanted)).toBe(false);
    expect(sameCommands(echoed.slice(1), wanted)).toBe(false);
    const reordered = echoed.map((c) =>
      c.name === 'train' ? { ...c, options: [...(c.options ?? [])].reverse() } : c,
    );
    expect(sameCommands(reordered, wanted)).toBe(false);
  });
});
