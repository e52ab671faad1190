/**
 * Block Kit limits that Slack enforces and a renderer can break silently (PLATFORMS.md §4). The emulator refuses
 * a message that breaks one with `invalid_blocks`, as Slack does, so a rendering bug fails a test instead of
 * surfacing in a workspace.
 */
export function blockKitProblems(blocks: unknown): string[] {
  if (blocks === undefined) return [];
  if (!Array.isArray(blocks)) return ['blocks must be an array'];
  const problems: string[] = [];
  if (blocks.length > 50) problems.push(`${blocks.length} blocks: a message holds at most 50`);
  const blockIds = new Set<string>();
  for (const [index, block] of (blocks as Array<Record<string, unknown>>).entries()) {
    const at = `blocks[${index}]`;
    if (typeof block !== 'object' || block === null) {
      problems.push(`${at} is not an object`);
      continue;
    }
    if (typeof block.block_id === 'string') {
      if (block.block_id.length > 255) problems.push(`${at}.block_id is longer than 255`);
      if (blockIds.has(block.block_id)) problems.push(`${at}.block_id ${block.block_id} is repeated`);
      blockIds.add(block.block_id);
    }
    problems.push(...checkBlock(block, at));
  }
  return problems;
}

type Node = Record<string, unknown>;

function checkBlock(block: Node, at: string): string[] {
  switch (block.type) {
    case 'header':
      return checkText(block.text, `${at}.text`, 150, 'plain_text');
    case 'section': {
      const problems = block.text === undefined ? [] : checkText(block.text, `${at}.text`, 3000);
      if (block.text === undefined && block.fields === undefined) problems.push(`${at} needs text or fields`);
      if (block.fields !== undefined) {
        if (!Array.isArray(block.fields) || block.fields.length > 10) {
          problems.push(`${at}.fields: at most 10 fields`);
        } else {
          for (const [i, field] of block.fields.entries()) {
            problems.push(...checkText(field, `${at}.fields[${i}]`, 2000));
          }
        }
      }
      return problems;
    }
    case 'context': {
      const elements = block.elements;
      if (!Array.isArray(elements) || elements.length === 0 || elements.length > 10) {
        return [`${at}.elements: 1 to 10 elements`];
      }
      return elements.flatMap((element, i) =>
        (element as Node).type === 'image' ? [] : checkText(element, `${at}.elements[${i}]`, 3000),
      );
    }
    case 'actions':
      return checkActions(block, at);
    case 'image': {
      const problems: string[] = [];
      if (typeof block.image_url !== 'string' || !/^https?:\/\//.test(block.image_url)) {
        problems.push(`${at}.image_url must be an http(s) URL`);
      }
      if (typeof block.alt_text !== 'string' || block.alt_text.length === 0 || block.alt_text.length > 2000) {
        problems.push(`${at}.alt_text: 1 to 2000 characters`);
      }
      if (block.title !== undefined)
        problems.push(...checkText(block.title, `${at}.title`, 2000, 'plain_text'));
      return problems;
    }
    case 'divider':
      return [];
    default:
      return [`${at}.type ${String(block.type)} is not a block type the emulator knows`];
  }
}

function checkActions(block: Node, at: string): string[] {
  const elements = block.elements;
  if (!Array.isArray(elements) || elements.length === 0 || elements.length > 25) {
    return [`${at}.elements: 1 to 25 elements`];
  }
  const problems: string[] = [];
  const actionIds = new Set<string>();
  for (const [i, element] of (elements as Node[]).entries()) {
    const where = `${at}.elements[${i}]`;
    if (element.type !== 'button') {
      problems.push(`${where}: only buttons are emulated`);
      continue;
    }
    const actionId = element.action_id;
    if (typeof actionId !== 'string' || actionId.length === 0 || actionId.length > 255) {
      problems.push(`${where}.action_id: 1 to 255 characters`);
    } else if (actionIds.has(actionId)) {
      problems.push(`${where}.action_id ${actionId} is repeated in the block`);
    } else {
      actionIds.add(actionId);
    }
    problems.push(...checkText(element.text, `${where}.text`, 75, 'plain_text'));
    if (element.value !== undefined && (typeof element.value !== 'string' || element.value.length > 2000)) {
      problems.push(`${where}.value: at most 2000 characters`);
    }
    if (element.style !== undefined && element.style !== 'primary' && element.style !== 'danger') {
      problems.push(`${where}.style must be primary or danger`);
    }
  }
  return problems;
}

function checkText(text: unknown, at: string, max: number, only?: 'plain_text'): string[] {
  const node = text as Node | undefined;
  if (typeof node !== 'object' || node === null) return [`${at} must be a text object`];
  if (node.type !== 'plain_text' && node.type !== 'mrkdwn')
    return [`${at}.type must be plain_text or mrkdwn`];
  if (only && node.type !== only) return [`${at}.type must be ${only}`];
  if (typeof node.text !== 'string' || node.text.length === 0) return [`${at}.text must not be empty`];
  if (node.text.length > max) return [`${at}.text is ${node.text.length} characters; at most ${max}`];
  return [];
}
