/**
 * Parser throughput against the cheapest possible baseline. A 1,000-epoch SSD training run is synthesized in
 * memory (console log with Keras frames, AP tables every 10 epochs and checkpoints; the training CSV; the
 * status.json lines), cut into 64 KiB chunks the way a file tail reads it, and each parser's lines/s is
 * compared with merely splitting the same chunks on `\n` in the same run. Samples of the two alternate, so a
 * busy machine slows both alike; the ratio is what to read, not the absolute numbers.
 *
 * Run: `node bin/run-ts.js bench/parsers.ts`
 */

import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import {
  createConsoleParser,
  createLineBuffer,
  createStatusJsonParser,
  createTrainingCsvParser,
  type IncrementalParser,
} from '../src/pipeline/parsers/index.js';
import { median } from './stats.js';

export interface BenchResult {
  readonly name: string;
  readonly lines: number;
  readonly megabytes: number;
  /** Lines per second through the parser (median sample). */
  readonly linesPerSec: number;
  /** Lines per second through `chunk.split('\n')` over the same chunks (median sample). */
  readonly baselineLinesPerSec: number;
  /** Parser time / split time: how many times the plain split the parser costs. */
  readonly ratio: number;
  /**
   * Parser time / (split + the decoding no parser can skip: `JSON.parse` of a status line, splitting a CSV row on
   * commas and converting its numbers). Null where there is nothing to decode beyond the split (console text).
   */
  readonly decodeRatio: number | null;
}

const EPOCHS = 1000;
const STEPS = 85;
const CLASSES = ['car', 'cyclist', 'pedestrian', 'electric_bicycle'];
const CHUNK = 64 * 1024;
const WARMUP_SAMPLES = 5;
const SAMPLES = 15;
const MIN_SAMPLE_MS = 25;

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const lossAt = (epoch: number, step = STEPS) => 20 / (1 + (epoch - 1 + step / STEPS) / 20);
const apOf = (epoch: number, index: number) => Math.min(0.95, 0.2 + epoch / 1500 + index / 50);

function kerasFrames(epoch: number, terminal: boolean): string {
  const frames: string[] = [];
  for (let step = 1; step < STEPS; step++) {
    const bar = `${'='.repeat(Math.floor((step * 29) / STEPS))}>`.padEnd(30, '.');
    const eta = Math.round(((STEPS - step) * 210) / 1000);
    frames.push(
      `${String(step).padStart(2)}/${STEPS} [${bar}] - ETA: ${eta}s - loss: ${lossAt(epoch, step).toFixed(4)}`,
    );
  }
  const last = `${STEPS}/${STEPS} [${'='.repeat(30)}] - 18s 210ms/step - loss: ${lossAt(epoch).toFixed(4)}`;
  // A terminal rewrites one line (`\b` runs then `\r`); a plain file gets each frame on a new line.
  if (terminal) return `${[...frames, last].map((f) => `${'\b'.repeat(f.length)}\r${f}`).join('')}\n`;
  return `\n${[...frames, last].join('\n')}\n`;
}

function apTable(epoch: number): string {
  const rows = CLASSES.map((name, i) => `${name.padEnd(14)}${'AP'.padEnd(6)}${apOf(epoch, i).toFixed(5)}`);
  const map = CLASSES.reduce((sum, _, i) => sum + apOf(epoch, i), 0) / CLASSES.length;
  return [
    'Producing predictions: 100%|██████████| 200/200 [00:56<00:00,  3.54it/s]',
    'Start to calculate AP for each class',
    '*******************************',
    ...rows,
    `${''.padEnd(14)}${'mAP'.padEnd(6)}${map.toFixed(5)}`,
    '*******************************',
    `Validation loss: ${(lossAt(epoch) * 0.9).toFixed(12)}`,
    '',
  ].join('\n');
}

/** The console output of the whole run. */
export function synthesizeConsole(): string {
  const parts: string[] = [];
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    parts.push(`Epoch ${epoch}/${EPOCHS}\n`, kerasFrames(epoch, epoch % 2 === 0));
    parts.push(
      `2024-01-31 11:05:27,929 [TAO Toolkit] [INFO] nvidia_tao_tf1.core.hooks.sample_counter_hook 76: Train Samples / sec: 84.514\n`,
    );
    parts.push(
      `\nEpoch ${pad(epoch, 5)}: saving model to /results/weights/ssd_resnet18_epoch_${pad(epoch, 3)}.hdf5\n`,
    );
    if (epoch % 10 === 0) parts.push(apTable(epoch));
  }
  parts.push('Execution status: PASS\n');
  return parts.join('');
}

/** The training CSV of the whole run (CRLF, as Python's csv module writes it). */
export function synthesizeCsv(): string {
  const header = ['epoch', ...CLASSES.map((c) => `AP_${c}`), 'loss', 'lr', 'mAP', 'validation_loss'];
  const rows = [header.join(',')];
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    const validated = epoch % 10 === 0;
    const aps = CLASSES.map((_, i) => (validated ? String(apOf(epoch, i)) : 'nan'));
    const map = validated
      ? String(CLASSES.reduce((s, _, i) => s + apOf(epoch, i), 0) / CLASSES.length)
      : 'nan';
    const validationLoss = validated ? String(lossAt(epoch) * 0.9) : 'nan';
    rows.push([epoch, ...aps, lossAt(epoch), 0.0199999995, map, validationLoss].join(','));
  }
  return `${rows.join('\r\n')}\r\n`;
}

/** The status.json lines of the whole run, with the validation lines TAO writes before each epoch line. */
export function synthesizeStatusJson(): string {
  const line = (data: Record<string, unknown>, second: number, message: string, status = 'RUNNING') => {
    const time = `${Math.floor(second / 3600) % 24}:${Math.floor(second / 60) % 60}:${second % 60}`;
    return JSON.stringify({ ...data, date: '1/5/2024', time, status, verbosity: 'INFO', message });
  };
  const lines = [line({}, 0, 'Starting Training Loop.', 'STARTED')];
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    const validated = epoch % 10 === 0;
    const map = validated ? String(apOf(epoch, 1)) : 'nan';
    if (validated) {
      const graphical = { 'validation loss': lossAt(epoch) * 0.9, 'mean average precision': apOf(epoch, 1) };
      lines.push(
        `${line({}, epoch * 18, 'Evaluation metrics generated.').slice(0, -1)}, "graphical": ${JSON.stringify(graphical)}}`,
      );
    }
    const data = {
      epoch,
      max_epoch: EPOCHS,
      time_per_epoch: '0:00:18.123456',
      eta: `${Math.floor(((EPOCHS - epoch) * 18) / 3600)}:00:00`,
    };
    const graphical = {
      loss: String(lossAt(epoch)),
      learning_rate: '0.0199999995',
      validation_loss: validated ? String(lossAt(epoch) * 0.9) : 'nan',
      'mean average precision': map,
    };
    const base = line(data, epoch * 18 + 1, 'Training loop in progress').slice(0, -1);
    lines.push(
      `${base}, "graphical": ${JSON.stringify(graphical)}, "kpi": {"mean average precision": "${map}"}}`,
    );
  }
  lines.push(line({}, EPOCHS * 18 + 5, 'Training finished successfully.', 'SUCCESS'));
  return `${lines.join('\n')}\n`;
}

function chunksOf(text: string): string[] {
  const chunks: string[] = [];
  for (let at = 0; at < text.length; at += CHUNK) chunks.push(text.slice(at, at + CHUNK));
  return chunks;
}

let sink = 0;

const splitBaseline = (chunks: readonly string[]) => () => {
  for (const chunk of chunks) sink += chunk.split('\n').length;
};

/** The least work that reads the same values: split, then decode each line as the format requires. */
const decodeBaseline = (chunks: readonly string[], decode: (line: string) => number) => () => {
  // Chunks cut lines anywhere: the piece after the last newline waits for the next chunk, as in a parser.
  let carry = '';
  for (const chunk of chunks) {
    const lines = (carry + chunk).split('\n');
    carry = lines.pop() ?? '';
    for (const line of lines) if (line !== '') sink += decode(line);
  }
  if (carry !== '') sink += decode(carry);
};
const decodeJson = (line: string): number => (JSON.parse(line) ? 1 : 0);
const decodeCsv = (line: string): number => {
  let total = 0;
  for (const field of line.split(',')) total += Number(field) || 0;
  return total;
};

const throughParser = (chunks: readonly string[], create: () => IncrementalParser<unknown>) => () => {
  const parser = create();
  for (const chunk of chunks) sink += parser.push(chunk).length;
  sink += parser.end().length;
};

const throughBuffer = (chunks: readonly string[]) => () => {
  const buffer = createLineBuffer();
  const onLine = (line: string) => {
    sink += line.length;
  };
  for (const chunk of chunks) buffer.push(chunk, onLine);
  buffer.end(onLine);
};

/** Repetitions that make one sample last at least MIN_SAMPLE_MS, so the timer's resolution does not matter. */
function calibrate(work: () => void): number {
  for (let reps = 1; ; reps *= 2) {
    const start = performance.now();
    for (let i = 0; i < reps; i++) work();
    if (performance.now() - start >= MIN_SAMPLE_MS) return reps;
  }
}

function sample(work: () => void, reps: number): number {
  const start = performance.now();
  for (let i = 0; i < reps; i++) work();
  return (performance.now() - start) / reps;
}

function measure(
  name: string,
  text: string,
  work: (chunks: readonly string[]) => () => void,
  decode?: (line: string) => number,
): BenchResult {
  const chunks = chunksOf(text);
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  const parse = work(chunks);
  const split = splitBaseline(chunks);
  const parseReps = calibrate(parse);
  const splitReps = calibrate(split);
  const parseTimes: number[] = [];
  const splitTimes: number[] = [];
  for (let i = 0; i < WARMUP_SAMPLES + SAMPLES; i++) {
    const parseMs = sample(parse, parseReps);
    const splitMs = sample(split, splitReps);
    if (i >= WARMUP_SAMPLES) {
      parseTimes.push(parseMs);
      splitTimes.push(splitMs);
    }
  }
  const parseMs = median(parseTimes);
  const splitMs = median(splitTimes);
  let decodeRatio: number | null = null;
  if (decode) {
    const decoded = decodeBaseline(chunks, decode);
    const reps = calibrate(decoded);
    const parseAgain: number[] = [];
    const decodeTimes: number[] = [];
    // Alternated like the main samples, so a busy machine slows both alike.
    for (let i = 0; i < WARMUP_SAMPLES + SAMPLES; i++) {
      const p = sample(parse, parseReps);
      const d = sample(decoded, reps);
      if (i >= WARMUP_SAMPLES) {
        parseAgain.push(p);
        decodeTimes.push(d);
      }
    }
    decodeRatio = median(parseAgain) / median(decodeTimes);
  }
  return {
    decodeRatio,
    name,
    lines,
    megabytes: text.length / 1e6,
    linesPerSec: (lines / parseMs) * 1000,
    baselineLinesPerSec: (lines / splitMs) * 1000,
    ratio: parseMs / splitMs,
  };
}

/** Runs the benchmark: one row per parser (and the line buffer alone), each against the plain split. */
export async function runParserBench(): Promise<BenchResult[]> {
  const consoleText = synthesizeConsole();
  const csvText = synthesizeCsv();
  const statusText = synthesizeStatusJson();
  return [
    measure('line-buffer (console text)', consoleText, throughBuffer),
    measure('console', consoleText, (chunks) => throughParser(chunks, createConsoleParser)),
    measure('training-csv', csvText, (chunks) => throughParser(chunks, createTrainingCsvParser), decodeCsv),
    measure(
      'status-json',
      statusText,
      (chunks) => throughParser(chunks, () => createStatusJsonParser({ network: 'ssd' })),
      decodeJson,
    ),
  ];
}

/** The results as an aligned text table. */
export function formatBench(results: readonly BenchResult[]): string {
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const header = ['parser', 'lines', 'MB', 'lines/s', 'split lines/s', 'cost vs split', 'vs split+decode'];
  const rows = results.map((r) => [
    r.name,
    fmt(r.lines),
    r.megabytes.toFixed(1),
    fmt(r.linesPerSec),
    fmt(r.baselineLinesPerSec),
    `${r.ratio.toFixed(2)}x`,
    r.decodeRatio === null ? '—' : `${r.decodeRatio.toFixed(2)}x`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
  const render = (row: string[]) =>
    row
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number)))
      .join('  ');
  return [render(header), ...rows.map(render)].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const results = await runParserBench();
  process.stdout.write(`${formatBench(results)}\n`);
  // Keeps the measured work observable so the engine cannot drop it.
  if (sink === -1) process.stdout.write('\n');
}
