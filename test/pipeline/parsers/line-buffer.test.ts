import { describe, expect, it } from 'vitest';
import { createLineBuffer, MAX_LINE } from '../../../src/pipeline/parsers/line-buffer.js';

function collect(chunks: readonly string[], withEnd = true): string[] {
  const buffer = createLineBuffer();
  const lines: string[] = [];
  const sink = (line: string) => lines.push(line);
  for (const chunk of chunks) buffer.push(chunk, sink);
  if (withEnd) buffer.end(sink);
  return lines;
}

describe('createLineBuffer', () => {
  it('splits on \\n and \\r\\n when both endings are mixed', () => {
    expect(collect(['a\nb\r\nc\n'])).toEqual(['a', 'b', 'c']);
  });

  it('keeps a partial last line until its end arrives', () => {
    const buffer = createLineBuffer();
    const lines: string[] = [];
    buffer.push('Epoch 1/8', (l) => lines.push(l));
    expect(lines).toEqual([]);
    buffer.push('0\nnext', (l) => lines.push(l));
    expect(lines).toEqual(['Epoch 1/80']);
  });

  it('flushes the last line on end when the text has no final line break', () => {
    expect(collect(['one\ntwo'])).toEqual(['one', 'two']);
    expect(collect(['one\ntwo'], false)).toEqual(['one']);
  });

  it('reads a CRLF split between two chunks as one line ending', () => {
    expect(collect(['a\r', '\nb\r', '\n'])).toEqual(['a', 'b']);
  });

  it('keeps only the final frame when a line is rewritten with \\r', () => {
    expect(collect(['\r 1/3 [>..]\r 2/3 [=>.]\r3/3 [===] - 1s\n'])).toEqual(['3/3 [===] - 1s']);
  });

  it('treats runs of backspaces as frame separators when Keras erases a frame', () => {
    expect(collect([`first\b\b\b\b\bsecond\b\b\b\b\b\b\rthird\n`])).toEqual(['third']);
  });

  it('keeps the last non-empty frame when separators trail it', () => {
    expect(collect(['done\r\b\b\r\n'])).toEqual(['done']);
  });

  it('emits blank lines as empty strings when the text has them', () => {
    expect(collect(['a\n\nb\n'])).toEqual(['a', '', 'b']);
  });

  it('emits nothing on end when only separators are pending', () => {
    expect(collect(['a\n\r'])).toEqual(['a']);
  });

  it('shows the last complete frame of the pending line when a progress bar is mid-draw', () => {
    const buffer = createLineBuffer();
    buffer.push('\r 1/9 [>...]\b\b\b\r 2/9 [=>..]\b\b\r 3/', () => undefined);
    expect(buffer.partialFrame()).toBe(' 2/9 [=>..]');
    buffer.push('9 [==>.]\r', () => undefined);
    expect(buffer.partialFrame()).toBe(' 3/9 [==>.]');
  });

  it('returns no partial frame when the pending line has no separator', () => {
    const buffer = createLineBuffer();
    buffer.push('plain text', () => undefined);
    expect(buffer.partialFrame()).toBe('');
  });

  it('keeps the same last MAX_LINE characters when an overlong line arrives whole or in pieces', () => {
    const long = `${'x'.repeat(MAX_LINE * 2)}${'y'.repeat(MAX_LINE + 10)}`;
    const whole = collect([`${long}\nz\n`]);
    const pieces: string[] = [];
    for (let i = 0; i < long.length; i += 65_536) pieces.push(long.slice(i, i + 65_536));
    const chunked = collect([...pieces, '\nz\n']);
    expect(whole[0]).toHaveLength(MAX_LINE);
    expect(whole[0]).toBe('y'.repeat(MAX_LINE));
    expect(chunked).toEqual(whole);
  });
});
