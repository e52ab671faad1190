import type { OptionSpec, ParsedOptions } from './options.js';
import type { CommandRequest, Reply } from './types.js';

/**
 * A command is data plus a handler: the options drive text parsing, Discord registration and validation;
 * `sideEffects` tells adapters and access rules what the command may do.
 *
 * @example
 * const ping: CommandSpec<Services> = {
 *   name: 'ping', description: 'Answers pong', options: [], sideEffects: [],
 *   run: async ({ reply }) => { await reply.post({ title: 'pong' }); },
 * };
 */
export interface CommandSpec<S> {
  name: string;
  description: string;
  options: readonly OptionSpec[];
  /** 'gpu' starts work on a GPU server; 'write' changes stored state. */
  sideEffects: readonly ('gpu' | 'write' | 'cancel')[];
  /** Longer help shown by `/help <command>`. */
  help?: string;
  run(context: CommandContext<S>): Promise<void>;
}

export interface CommandContext<S> {
  request: CommandRequest;
  options: ParsedOptions;
  reply: Reply;
  services: S;
}

/** An explicit registry: every command is listed in one place, nothing registers itself on import. */
export class CommandRegistry<S> {
  private readonly commands = new Map<string, CommandSpec<S>>();

  constructor(commands: ReadonlyArray<CommandSpec<S>>) {
    for (const command of commands) {
      if (this.commands.has(command.name)) throw new Error(`command ${command.name} is registered twice`);
      this.commands.set(command.name, command);
    }
  }

  get(name: string): CommandSpec<S> | undefined {
    return this.commands.get(name);
  }

  list(): CommandSpec<S>[] {
    return [...this.commands.values()];
  }
}
