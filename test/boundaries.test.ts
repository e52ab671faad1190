import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The layers of the design: the core, the pipeline and the database never import a chat SDK (adapters translate),
 * and the core never imports an adapter. Read from the sources, so a new import that crosses a line fails here.
 */
const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const CHAT_SDKS = /from ['"](@slack\/[\w-]+|discord\.js|@discordjs\/[\w-]+)['"]/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const importing = (dir: string, pattern: RegExp) =>
  sources(join(SRC, dir))
    .filter((file) => pattern.test(readFileSync(file, 'utf8')))
    .map((file) => relative(SRC, file));

describe('layer boundaries', () => {
  it('keeps chat SDKs out of the core, the pipeline, the database, analytics and the simulator', () => {
    for (const dir of [
      'bot/core',
      'bot/commands',
      'bot/cards',
      'pipeline',
      'db',
      'analytics',
      'sim',
      'config',
    ]) {
      expect(importing(dir, CHAT_SDKS), dir).toEqual([]);
    }
  });

  it('keeps the SDKs inside their own adapter', () => {
    expect(importing('bot/adapters/slack', /from ['"](discord\.js|@discordjs\/[\w-]+)['"]/)).toEqual([]);
    expect(importing('bot/adapters/discord', /from ['"]@slack\/[\w-]+['"]/)).toEqual([]);
    // The check itself finds what it looks for.
    expect(importing('bot/adapters/slack', CHAT_SDKS).length).toBeGreaterThan(0);
    expect(importing('bot/adapters/discord', CHAT_SDKS).length).toBeGreaterThan(0);
  });

  it('keeps the core from importing any adapter', () => {
    expect(importing('bot/core', /from ['"][./]+\/adapters\//)).toEqual([]);
  });

  it('lets only the chart renderer import chart.js, the canvas and quickchart', () => {
    const drawing = /from ['"](chart\.js|@napi-rs\/canvas|quickchart-js)['"]/;
    expect(importing('', drawing).filter((file) => !file.startsWith('pipeline/charts/'))).toEqual([]);
  });
});
