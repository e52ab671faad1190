import { parseArgs } from 'node:util';
import { COMMANDS } from '../../commands/index.js';
import { describeUsage } from '../../core/options.js';
import { buildSlackManifest } from './manifest.js';

const USAGE = `usage: taobot slack-manifest [--request-url URL] [--name NAME]

  Prints a Slack app manifest (YAML) with taobot's slash commands, scopes and interactivity.
  Default: Socket Mode. --request-url https://bot.example.com/slack/events: HTTP mode at that URL.
`;

/** `taobot slack-manifest`: the manifest on stdout, built from the same command registry the bot serves. */
export function runSlackManifest(
  argv: string[],
  out: { write(text: string): unknown },
  err: { write(text: string): unknown },
): number {
  let values: { 'request-url'?: string; name?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { 'request-url': { type: 'string' }, name: { type: 'string' }, help: { type: 'boolean' } },
    }));
  } catch (error) {
    err.write(`taobot slack-manifest: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    out.write(USAGE);
    return 0;
  }
  const requestUrl = values['request-url'];
  if (requestUrl !== undefined && !/^https?:\/\/\S+$/.test(requestUrl)) {
    err.write(`taobot slack-manifest: --request-url must be an http(s) URL\n${USAGE}`);
    return 2;
  }
  out.write(
    buildSlackManifest({
      name: values.name,
      requestUrl,
      commands: COMMANDS.map((command) => ({
        name: command.name,
        description: command.description,
        usage: describeUsage(command.options).replace(/^usage: ?/, '') || undefined,
      })),
    }),
  );
  return 0;
}
