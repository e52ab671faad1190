import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfigText } from '../../src/config/index.js';

const parse = (text: string, env: Record<string, string> = {}) =>
  parseConfigText(text, { env, source: 'taobot.yaml', baseDir: '/srv/taobot' });

const minimal = `
servers:
  - { name: gpu1, executor: ssh, host: ml@gpu1.lab, tao: tao, taoVersion: 5, workdir: /data/taobot, gpus: 2 }
models:
  ssd_resnet18: { network: ssd, spec: specs/train.txt, key: "\${TAO_KEY}", targetMap: 0.7 }
`;

describe('loadConfig', () => {
  it('uses the embedded defaults when there is no file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'taobot-config-'));
    const config = loadConfig({ env: {}, cwd: dir });
    expect(config.source).toBe('embedded defaults');
    expect(config.chat.shell).toBe(true);
    expect(config.database.url).toBeUndefined();
    expect(config.dataDir).toBe(join(dir, '.taobot'));
    expect(config.servers).toHaveLength(1);
    expect(config.servers[0]).toMatchObject({
      name: 'sim',
      executor: 'local',
      tao: 'builtin:simulator',
      gpus: 2,
    });
    expect(config.models.ssd_resnet18?.spec).toMatch(/specs[/\\]ssd_train_resnet18_kitti\.txt$/);
  });

  it('reads TAOBOT_CONFIG and interpolates environment references in strings', () => {
    const dir = mkdtempSync(join(tmpdir(), 'taobot-config-'));
    writeFileSync(join(dir, 'custom.yaml'), minimal);
    const config = loadConfig({ env: { TAOBOT_CONFIG: 'custom.yaml', TAO_KEY: 's3cret' }, cwd: dir });
    expect(config.models.ssd_resnet18?.key).toBe('s3cret');
    expect(config.models.ssd_resnet18?.spec).toBe(join(dir, 'specs/train.txt'));
    expect(config.access.approvalTtl).toBe(24 * 3_600_000);
  });

  it('says so when TAOBOT_CONFIG names a missing file', () => {
    expect(() => loadConfig({ env: { TAOBOT_CONFIG: '/nope/taobot.yaml' } })).toThrow(/does not exist/);
  });

  it('lets the environment override its keys', () => {
    const config = parse(minimal, {
      TAO_KEY: 'k',
      DATABASE_URL: 'postgres://db/taobot',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_APP_TOKEN: 'xapp-1',
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
    });
    expect(config.database.url).toBe('postgres://db/taobot');
    expect(config.chat.slack).toMatchObject({
      botToken: 'xoxb-1',
      appToken: 'xapp-1',
      apiUrl: 'http://127.0.0.1:9/api/',
    });
  });

  it('lists every bad key in one error', () => {
    const bad = `
servers:
  - { name: gpu1, executor: ftp, workdir: /d, gpus: two }
  - { name: gpu1, executor: ssh, workdir: /d, gpus: 1 }
models:
  ssd_resnet18: { spec: s.txt, key: "\${MISSING_KEY}", targetMap: 7 }
access: { approvers: ["U0123"], approvalTtl: soon }
summaries: [{ channel: "slack:C1", at: "25:00", timezone: Mars/Olympus }]
colour: blue
`;
    let message = '';
    try {
      parse(bad);
    } catch (error) {
      message = (error as Error).message;
    }
    for (const key of [
      'servers[0].executor',
      'servers[0].gpus',
      'models.ssd_resnet18.targetMap',
      'access.approvers[0]',
      'access.approvalTtl',
      'summaries[0].at',
      'summaries[0].timezone',
      "unknown key(s) 'colour'",
      `models.ssd_resnet18.key: uses $${'{'}MISSING_KEY}`,
    ]) {
      expect(message).toContain(key);
    }
  });

  it('checks rules that span keys once the shapes are right', () => {
    const twice = `
servers:
  - { name: gpu1, executor: local, workdir: /d, gpus: 1 }
  - { name: gpu1, executor: ssh, workdir: /d, gpus: 1 }
models: { m: { spec: s.txt } }
`;
    expect(() => parse(twice)).toThrow(/servers\[1\]\.name: 'gpu1' is used twice[\s\S]*servers\[1\]\.host/);
  });

  it('reports YAML syntax errors with the file name', () => {
    expect(() => parse('servers: [ {name: a')).toThrow(/taobot\.yaml is not valid YAML/);
  });
});
