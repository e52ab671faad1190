import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../shared/errors.js';
import { embeddedDefaults } from './defaults.js';
import { type InterpolationProblem, interpolateEnv } from './interpolate.js';
import { configSchema, type ParsedConfig } from './schema.js';

export type Env = Readonly<Record<string, string | undefined>>;

export interface Config extends ParsedConfig {
  /** Where the configuration came from: a file path, or 'embedded defaults'. */
  readonly source: string;
  /** Paths in the file are relative to this folder. */
  readonly baseDir: string;
}

/** Environment variables that override their keys (design §4). */
const ENV_OVERRIDES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['DATABASE_URL', ['database', 'url']],
  ['SLACK_BOT_TOKEN', ['chat', 'slack', 'botToken']],
  ['SLACK_APP_TOKEN', ['chat', 'slack', 'appToken']],
  ['SLACK_SIGNING_SECRET', ['chat', 'slack', 'signingSecret']],
  ['SLACK_API_URL', ['chat', 'slack', 'apiUrl']],
  ['DISCORD_TOKEN', ['chat', 'discord', 'token']],
  ['DISCORD_APPLICATION_ID', ['chat', 'discord', 'applicationId']],
  ['DISCORD_API_URL', ['chat', 'discord', 'apiUrl']],
];

/**
 * Reads the configuration: the YAML file at `TAOBOT_CONFIG` (default `./taobot.yaml`), or the embedded defaults
 * when there is none; `${ENV}` interpolation; the environment overrides; one validation that lists every bad key.
 * This module and `main` are the only readers of the environment: everything else gets a `Config`.
 */
export function loadConfig(options: { env?: Env; cwd?: string } = {}): Config {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const explicit = env.TAOBOT_CONFIG || undefined;
  const path = resolve(cwd, explicit ?? 'taobot.yaml');
  if (explicit && !existsSync(path)) {
    throw new ConfigError(`TAOBOT_CONFIG points at ${path}, which does not exist; fix the path or unset it.`);
  }
  if (!existsSync(path)) return finish(embeddedDefaults(), env, 'embedded defaults', cwd);
  return parseConfigText(readFileSync(path, 'utf8'), { env, source: path, baseDir: dirname(path) });
}

/** Validates configuration text; exposed for tests and for `taobot config check`. */
export function parseConfigText(
  text: string,
  options: { env?: Env; source: string; baseDir: string },
): Config {
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    const lines = document.errors.map((error) => `  - ${error.message.split('\n')[0]}`);
    throw new ConfigError(`${options.source} is not valid YAML:\n${lines.join('\n')}`);
  }
  const raw: unknown = document.toJS() ?? {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(`${options.source} must be a YAML mapping of keys (dataDir, servers, models, …).`);
  }
  return finish(raw, options.env ?? {}, options.source, options.baseDir);
}

function finish(raw: unknown, env: Env, source: string, baseDir: string): Config {
  const problems: InterpolationProblem[] = [];
  const interpolated = interpolateEnv(raw, env, problems) as Record<string, unknown>;
  applyOverrides(interpolated, env);
  const result = configSchema.safeParse(interpolated);
  const messages = problems.map(
    (p) => `  - ${p.path}: uses \${${p.variable}}, which is not set in the environment`,
  );
  if (!result.success) messages.push(...formatIssues(result.error));
  if (result.success) messages.push(...crossChecks(result.data));
  if (messages.length > 0 || !result.success) {
    throw new ConfigError(`${source} has ${messages.length} problem(s):\n${messages.join('\n')}`);
  }
  return Object.freeze(resolvePaths({ ...result.data, source, baseDir }));
}

function applyOverrides(target: Record<string, unknown>, env: Env): void {
  for (const [variable, keys] of ENV_OVERRIDES) {
    const value = env[variable];
    if (value === undefined || value === '') continue;
    let node = target;
    for (const key of keys.slice(0, -1)) {
      if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    node[keys[keys.length - 1] as string] = value;
  }
}

function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path
      .map((part, index) =>
        typeof part === 'number' ? `[${part}]` : index === 0 ? String(part) : `.${String(part)}`,
      )
      .join('');
    const where = path || '(top level)';
    if (issue.code === 'unrecognized_keys') {
      return `  - ${where}: unknown key(s) ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
    }
    // zod's own messages start with a category ("Invalid option: expected one of …"); keep the useful part.
    const detail = issue.message.replace(
      /^(Invalid input|Invalid option|Too big|Too small|Invalid string): /,
      '',
    );
    return `  - ${where}: ${detail.startsWith('expected') ? detail : `expected ${detail}`}`;
  });
}

/** Rules that span several keys. */
function crossChecks(config: ParsedConfig): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  config.servers.forEach((server, index) => {
    if (seen.has(server.name)) out.push(`  - servers[${index}].name: '${server.name}' is used twice`);
    seen.add(server.name);
    if (server.executor === 'ssh' && !server.host) {
      out.push(`  - servers[${index}].host: an ssh server needs a host like ml@gpu1.lab`);
    }
  });
  const devices = new Set<string>();
  config.devices.forEach((device, index) => {
    if (devices.has(device.name)) out.push(`  - devices[${index}].name: '${device.name}' is used twice`);
    devices.add(device.name);
  });
  if (Object.keys(config.models).length === 0) out.push('  - models: at least one model, e.g. ssd_resnet18');
  if (config.chat.slack && !config.chat.slack.appToken && !config.chat.slack.signingSecret) {
    out.push('  - chat.slack: set appToken (Socket Mode) or signingSecret (HTTP mode)');
  }
  return out;
}

function resolvePaths(config: Config): Config {
  const abs = (path: string) => (isAbsolute(path) ? path : resolve(config.baseDir, path));
  const models = Object.fromEntries(
    Object.entries(config.models).map(([name, model]) => [
      name,
      {
        ...model,
        spec: abs(model.spec),
        retrainSpec: model.retrainSpec ? abs(model.retrainSpec) : undefined,
      },
    ]),
  );
  const servers = config.servers.map((server) =>
    server.executor === 'local' ? { ...server, workdir: abs(server.workdir) } : server,
  );
  const devices = config.devices.map((device) =>
    device.host ? device : { ...device, workdir: abs(device.workdir) },
  );
  return { ...config, dataDir: abs(config.dataDir), models, servers, devices };
}
