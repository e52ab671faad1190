/**
 * Whether the registered application commands already say what taobot would register (pure). Discord echoes a
 * command with fields of its own (id, version, application_id, default_member_permissions…) and leaves out
 * defaults (`required: false`, empty lists), so both sides are reduced to the fields taobot sets, with defaults
 * made explicit, before they are compared.
 */
type Json = Record<string, unknown>;

const asObject = (value: unknown): Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};

function canonicalOption(raw: unknown): Json {
  const option = asObject(raw);
  const out: Json = {
    type: option.type,
    name: option.name,
    description: option.description,
    required: option.required === true,
    autocomplete: option.autocomplete === true,
    choices: Array.isArray(option.choices)
      ? option.choices.map((c) => ({ name: asObject(c).name, value: asObject(c).value }))
      : [],
    options: Array.isArray(option.options) ? option.options.map(canonicalOption) : [],
  };
  for (const key of ['min_value', 'max_value', 'min_length', 'max_length']) {
    if (option[key] !== undefined && option[key] !== null) out[key] = option[key];
  }
  return out;
}

function canonicalCommand(raw: unknown): Json {
  const command = asObject(raw);
  return {
    type: command.type ?? 1,
    name: command.name,
    description: command.description,
    options: Array.isArray(command.options) ? command.options.map(canonicalOption) : [],
  };
}

/** Order-insensitive over commands (Discord lists them as it likes), order-sensitive over options. */
export function sameCommands(registered: readonly unknown[], wanted: readonly unknown[]): boolean {
  const key = (list: readonly unknown[]) =>
    list
      .map(canonicalCommand)
      .sort((a, b) => String(a.name).localeCompare(String(b.name)))
      .map((command) => JSON.stringify(command))
      .join('\n');
  return registered.length === wanted.length && key(registered) === key(wanted);
}
