import { parseArgs } from 'node:util';

/**
 * The `taobot` command line: `start` (the default) runs the bot; the others are tools around it. Subcommands
 * load only what they need, so `tao-sim`, which starts once per simulated TAO step, stays quick.
 */
const USAGE = `usage: taobot [command]

  start                          run taobot (the default): chat adapters, reconciler, database
  import <results-dir> [--model NAME] [--log FILE] [--dry-run]
                                 read an existing TAO results folder and store it as a run
  tao-sim <tao arguments>        taobot's TAO simulator (e.g. tao-sim model ssd train -e spec -r dir)
  slack-manifest [--request-url URL]
                                 print a Slack app manifest (YAML): Socket Mode, or HTTP mode at URL
  discord-register               register the commands as Discord slash commands (only when they changed)
  help                           this text
`;

async function main(argv: string[]): Promise<number> {
  const [command = 'start', ...rest] = argv;
  switch (command) {
    case 'start':
      return (await import('./commands/start.js')).runStart();
    case 'tao-sim': {
      const { runSimulator } = await import('./sim/index.js');
      return runSimulator(rest, {
        stdout: process.stdout,
        stderr: process.stderr,
        env: process.env,
        cwd: process.cwd(),
      });
    }
    case 'import': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { model: { type: 'string' }, log: { type: 'string' }, 'dry-run': { type: 'boolean' } },
      });
      if (positionals.length !== 1) {
        process.stderr.write(`taobot import: give exactly one results folder\n${USAGE}`);
        return 2;
      }
      return (await import('./commands/import.js')).runImport(positionals[0] as string, {
        model: values.model,
        log: values.log,
        dryRun: values['dry-run'] ?? false,
      });
    }
    case 'slack-manifest':
      return (await import('./bot/adapters/slack/manifest-cli.js')).runSlackManifest(
        rest,
        process.stdout,
        process.stderr,
      );
    case 'discord-register':
      return (await import('./bot/adapters/discord/register-cli.js')).runDiscordRegister();
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return 0;
    default:
      process.stderr.write(`taobot: unknown command "${command}"\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`taobot: ${message}\n`);
    process.exitCode = 1;
  },
);
