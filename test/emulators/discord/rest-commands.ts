import type { ParsedBody } from './body.js';
import { ApiError, asObject, type EmulatorContext } from './context.js';
import { commandProblems } from './limits.js';
import type { RestResult } from './rest-channels.js';
import type { RecordedCommand } from './state.js';

/**
 * Application command registration: GET the registered set, PUT a whole new set (Discord's bulk overwrite:
 * commands keep their id by name, and a command's version changes only when its definition does).
 */
export function handleCommands(
  ctx: EmulatorContext,
  method: string,
  parts: string[],
  body: ParsedBody,
  applicationId: string,
): RestResult | undefined {
  if (parts[0] !== 'applications') return undefined;
  const [, app, first, guildId, last] = parts;
  if (app !== applicationId) throw new ApiError(403, 50001, 'Missing Access');
  let scope: string;
  if (first === 'commands' && parts.length === 3) scope = 'global';
  else if (first === 'guilds' && last === 'commands' && parts.length === 5) {
    if (guildId !== ctx.guildId) throw new ApiError(404, 10004, 'Unknown Guild');
    scope = guildId;
  } else return undefined;
  const key = `${applicationId}:${scope}`;
  const current = ctx.state.commands.get(key) ?? [];
  if (method === 'GET') return { status: 200, body: current };
  if (method !== 'PUT') return undefined;
  const problems = commandProblems(body.json);
  if (problems.length > 0) throw new ApiError(400, 50035, 'Invalid Form Body', problems);
  const next = (body.json as unknown[]).map((raw): RecordedCommand => {
    const definition = asObject(raw);
    const before = current.find((c) => c.name === definition.name);
    const stored: RecordedCommand = {
      ...definition,
      id: before?.id ?? ctx.nextId(),
      application_id: applicationId,
      version: before?.version ?? ctx.nextId(),
      type: typeof definition.type === 'number' ? definition.type : 1,
      name: String(definition.name),
      description: String(definition.description),
      default_member_permissions: null,
      ...(scope === 'global' ? {} : { guild_id: scope }),
    };
    // What Discord echoes back: options without `required: false`, and no empty lists.
    if (Array.isArray(definition.options) && definition.options.length > 0) {
      stored.options = definition.options.map((option) => {
        const { required, ...rest } = asObject(option);
        return required ? { ...rest, required: true } : rest;
      });
    } else delete stored.options;
    if (before && JSON.stringify(withoutVersion(before)) !== JSON.stringify(withoutVersion(stored))) {
      stored.version = ctx.nextId();
    }
    return stored;
  });
  ctx.state.commands.set(key, next);
  ctx.state.commandPuts.push({ at: performance.now(), applicationId, scope, names: next.map((c) => c.name) });
  ctx.state.changed();
  return { status: 200, body: next };
}

const withoutVersion = ({ version: _version, ...rest }: RecordedCommand) => rest;
