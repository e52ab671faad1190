/**
 * The message and command limits Discord enforces (docs: components reference, embed limits, application
 * commands). The emulator refuses what Discord would refuse, with a 400 "Invalid Form Body", so a renderer that
 * overflows fails its tests instead of failing in production.
 */

const NAME = /^[-_\p{L}\p{N}]{1,32}$/u;

type Json = Record<string, unknown>;
const text = (value: unknown) => (typeof value === 'string' ? value : '');

export function messageProblems(body: Json): string[] {
  const problems: string[] = [];
  if (text(body.content).length > 2000) problems.push('content: at most 2000 characters');
  const embeds = Array.isArray(body.embeds) ? (body.embeds as Json[]) : [];
  if (embeds.length > 10) problems.push('embeds: at most 10');
  let total = 0;
  embeds.forEach((embed, i) => {
    const title = text(embed.title);
    const description = text(embed.description);
    const footer = text((embed.footer as Json | undefined)?.text);
    const fields = Array.isArray(embed.fields) ? (embed.fields as Json[]) : [];
    if (title.length > 256) problems.push(`embeds[${i}].title: at most 256 characters`);
    if (description.length > 4096) problems.push(`embeds[${i}].description: at most 4096 characters`);
    if (footer.length > 2048) problems.push(`embeds[${i}].footer.text: at most 2048 characters`);
    if (fields.length > 25) problems.push(`embeds[${i}].fields: at most 25`);
    total += title.length + description.length + footer.length;
    fields.forEach((field, j) => {
      const name = text(field.name);
      const value = text(field.value);
      if (name.length === 0 || name.length > 256) problems.push(`embeds[${i}].fields[${j}].name: 1 to 256`);
      if (value.length === 0 || value.length > 1024)
        problems.push(`embeds[${i}].fields[${j}].value: 1 to 1024`);
      total += name.length + value.length;
    });
  });
  if (total > 6000) problems.push('embeds: at most 6000 characters in all');
  const rows = Array.isArray(body.components) ? (body.components as Json[]) : [];
  if (rows.length > 5) problems.push('components: at most 5 action rows');
  let count = rows.length;
  rows.forEach((row, i) => {
    if (row.type !== 1) problems.push(`components[${i}]: top level components must be action rows`);
    const inner = Array.isArray(row.components) ? (row.components as Json[]) : [];
    if (inner.length < 1 || inner.length > 5) problems.push(`components[${i}]: 1 to 5 buttons per row`);
    count += inner.length;
    inner.forEach((button, j) => {
      const where = `components[${i}].components[${j}]`;
      if (button.type !== 2) problems.push(`${where}: only buttons are emulated`);
      const id = text(button.custom_id);
      if (button.style !== 5 && (id.length < 1 || id.length > 100)) {
        problems.push(`${where}.custom_id: 1 to 100 characters`);
      }
      if (text(button.label).length > 80) problems.push(`${where}.label: at most 80 characters`);
    });
  });
  if (count > 40) problems.push('components: at most 40 in all');
  return problems;
}

export function commandProblems(commands: unknown): string[] {
  if (!Array.isArray(commands)) return ['body: an array of commands'];
  const problems: string[] = [];
  if (commands.length > 100) problems.push('at most 100 commands');
  const names = new Set<string>();
  (commands as Json[]).forEach((command, i) => {
    const name = text(command.name);
    if (!NAME.test(name) || name !== name.toLowerCase()) problems.push(`[${i}].name: ${name} is not valid`);
    if (names.has(name)) problems.push(`[${i}].name: ${name} is used twice`);
    names.add(name);
    const description = text(command.description);
    if (description.length < 1 || description.length > 100) problems.push(`[${i}].description: 1 to 100`);
    const options = Array.isArray(command.options) ? (command.options as Json[]) : [];
    if (options.length > 25) problems.push(`[${i}].options: at most 25`);
    let optionalSeen = false;
    const optionNames = new Set<string>();
    options.forEach((option, j) => {
      const where = `[${i}].options[${j}]`;
      const optionName = text(option.name);
      if (!NAME.test(optionName) || optionName !== optionName.toLowerCase()) {
        problems.push(`${where}.name: ${optionName} is not valid`);
      }
      if (optionNames.has(optionName)) problems.push(`${where}.name: ${optionName} is used twice`);
      optionNames.add(optionName);
      const optionDescription = text(option.description);
      if (optionDescription.length < 1 || optionDescription.length > 100) {
        problems.push(`${where}.description: 1 to 100`);
      }
      if (!option.required) optionalSeen = true;
      else if (optionalSeen) problems.push(`${where}: required options must come before optional ones`);
      if (![3, 4, 5, 10].includes(option.type as number)) problems.push(`${where}.type: not emulated`);
      const choices = Array.isArray(option.choices) ? option.choices : [];
      if (choices.length > 25) problems.push(`${where}.choices: at most 25`);
    });
  });
  return problems;
}
