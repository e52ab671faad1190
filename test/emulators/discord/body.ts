import type { IncomingMessage } from 'node:http';

/** A request body as Discord receives it: JSON, or multipart with `payload_json` and `files[n]` parts. */
export interface ParsedBody {
  json: Record<string, unknown> | unknown[] | undefined;
  files: Array<{ field: string; filename: string; contentType: string; data: Buffer }>;
}

export async function readBody(request: IncomingMessage): Promise<ParsedBody> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const type = request.headers['content-type'] ?? '';
  if (raw.length === 0) return { json: undefined, files: [] };
  if (type.startsWith('multipart/form-data')) {
    // The platform's own multipart parser (undici's), so the emulator reads exactly what was framed on the wire.
    const form = await new Request('http://emulator.invalid/', {
      method: 'POST',
      headers: { 'content-type': type },
      body: raw,
    }).formData();
    const files: ParsedBody['files'] = [];
    let json: ParsedBody['json'];
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') json = JSON.parse(value) as ParsedBody['json'];
        continue;
      }
      files.push({
        field,
        filename: value.name,
        contentType: value.type || 'application/octet-stream',
        data: Buffer.from(await value.arrayBuffer()),
      });
    }
    return { json, files };
  }
  return { json: JSON.parse(raw.toString('utf8')) as ParsedBody['json'], files: [] };
}
