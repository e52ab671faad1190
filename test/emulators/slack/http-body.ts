import type { IncomingMessage, ServerResponse } from 'node:http';

/** Reads a request body whole: the emulator's requests are small (forms, one PNG). */
export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Web API arguments as the SDK sends them: a urlencoded form whose object-valued fields (`blocks`, `files`…) are
 * JSON strings, or JSON, or multipart when a Buffer is among the arguments.
 */
export async function parseApiArguments(
  contentType: string | undefined,
  body: Buffer,
): Promise<Record<string, unknown>> {
  const type = contentType ?? '';
  if (type.startsWith('application/json')) return body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
  if (type.startsWith('multipart/form-data')) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of await parseMultipart(type, body)) {
      out[key] = typeof value === 'string' ? decodeJsonField(key, value) : value;
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body.toString('utf8')))
    out[key] = decodeJsonField(key, value);
  return out;
}

/** The fields the SDK serializes as JSON strings inside a form (`serializeApiCallData`). */
const JSON_FIELDS = new Set(['blocks', 'attachments', 'files', 'metadata', 'view']);

function decodeJsonField(key: string, value: string): unknown {
  if (!JSON_FIELDS.has(key)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/**
 * Multipart bodies parsed by the platform's own `Response.formData()`, so the emulator reads what a server would,
 * not what a hand-written parser guesses. Files come back as Buffers.
 */
export async function parseMultipart(
  contentType: string,
  body: Buffer,
): Promise<Array<[string, string | Buffer]>> {
  const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  const out: Array<[string, string | Buffer]> = [];
  for (const [key, value] of form.entries()) {
    out.push([key, typeof value === 'string' ? value : Buffer.from(await value.arrayBuffer())]);
  }
  return out;
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}
