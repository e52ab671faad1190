import type { RecordedCommand } from './state.js';

/**
 * The `options` of a slash command's interaction data, typed from the registered definition the way Discord's
 * client types them: an option the command does not declare, a missing required one, a value of the wrong type
 * or outside its range or choices is refused, because Discord would never send it.
 */
interface DeclaredOption {
  name: string;
  type: number;
  required?: boolean;
  min_value?: number;
  max_value?: number;
  choices?: Array<{ value: string | number }>;
}

export function slashOptions(
  command: RecordedCommand,
  given: Record<string, string | number | boolean>,
): Array<{ name: string; type: number; value: string | number | boolean }> {
  const declared = (command.options ?? []) as DeclaredOption[];
  const out: Array<{ name: string; type: number; value: string | number | boolean }> = [];
  for (const [name, value] of Object.entries(given)) {
    const option = declared.find((o) => o.name === name);
    if (!option) throw new Error(`/${command.name} has no option ${name}`);
    const ok =
      option.type === 3
        ? typeof value === 'string'
        : option.type === 4
          ? Number.isInteger(value)
          : option.type === 10
            ? typeof value === 'number'
            : option.type === 5
              ? typeof value === 'boolean'
              : false;
    if (!ok)
      throw new Error(`/${command.name} ${name}: ${JSON.stringify(value)} is not of type ${option.type}`);
    if (typeof value === 'number') {
      if (option.min_value !== undefined && value < option.min_value)
        throw new Error(`${name} below its minimum`);
      if (option.max_value !== undefined && value > option.max_value)
        throw new Error(`${name} above its maximum`);
    }
    if (option.choices && !option.choices.some((c) => c.value === value)) {
      throw new Error(`${name}: ${String(value)} is not one of its choices`);
    }
    out.push({ name, type: option.type, value });
  }
  for (const option of declared) {
    if (option.required && !(option.name in given)) throw new Error(`/${command.name} needs ${option.name}`);
  }
  return out;
}
