import { describeUsage } from '../core/options.js';
import type { Command } from '../services.js';

export const helpCommand: Command = {
  name: 'help',
  description: 'List the commands, or explain one',
  sideEffects: [],
  options: [{ name: 'command', type: 'string', positional: true, description: 'a command name' }],
  async run({ options, reply, services }) {
    const commands = services.commands();
    const asked = (options.command as string | undefined)?.replace(/^\//, '');
    if (asked) {
      const command = commands.find((c) => c.name === asked);
      if (!command) {
        await reply.ephemeral({
          title: `/help: there is no /${asked}`,
          tone: 'warning',
          lines: [`Commands: ${commands.map((c) => `/${c.name}`).join(', ')}`],
        });
        return;
      }
      await reply.ephemeral({
        title: `/${command.name}: ${command.description}`,
        lines: [
          `/${command.name} ${describeUsage(command.options).replace(/^usage: /, '')}`,
          ...(command.help ? [command.help] : []),
        ],
        table: { headers: ['option', 'meaning'], rows: command.options.map((o) => [o.name, o.description]) },
      });
      return;
    }
    await reply.ephemeral({
      title: 'taobot commands',
      table: {
        headers: ['command', 'what it does'],
        rows: commands.map((c) => [
          `/${c.name} ${describeUsage(c.options).replace(/^usage: /, '')}`,
          c.description,
        ]),
      },
      footer: 'Example: /train ssd_resnet18 epochs=6 checkpoint_interval=2',
    });
  },
};
