import { closeSync, existsSync, openSync, readSync, truncateSync, writeFileSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Curve } from './curves.js';

/**
 * Simulated model files (checkpoints, pruned models, exports, engines). Each starts with a magic line and one
 * JSON line saying what the simulator knows about the model, then is extended to a realistic size as a sparse
 * file, so it takes almost no disk. Anything reading a model can tell a simulated one from a real one.
 */
export const SIMULATED_MODEL_MAGIC = 'TAOBOT-SIMULATED-MODEL';

/** Name of the marker file the simulator leaves in every directory it writes TAO results to. */
export const SIMULATED_MARKER_FILE = 'SIMULATED';
const MARKER_TEXT =
  "Written by taobot's TAO simulator (taobot tao-sim). No GPU was used and no model was trained: the metrics, " +
  'logs and model files here are simulated.\n';

export type SimulatedModelKind = 'checkpoint' | 'pruned' | 'export' | 'engine';

export interface SimulatedModelHeader {
  readonly simulated: true;
  readonly kind: SimulatedModelKind;
  /** File format: hdf5, tlt, onnx, etlt or engine. */
  readonly format: string;
  readonly network: string;
  /** `resnet18`, as in file names. */
  readonly arch: string;
  readonly classes: readonly string[];
  readonly input: { readonly channels: number; readonly height: number; readonly width: number };
  /** Epoch of its training run at which the checkpoint was saved; null for pruned models, exports and engines. */
  readonly epoch: number | null;
  /** Epochs of training behind the weights, across resumes and continued runs. */
  readonly effectiveEpochs: number;
  /** The accuracy evaluation reports for these weights (the CSV's value at that epoch). */
  readonly mAP: number;
  readonly ap: Readonly<Record<string, number>>;
  readonly paramCount: number;
  readonly unprunedParamCount: number;
  /** The -pth of the last pruning; null when never pruned. */
  readonly prunedThreshold: number | null;
  /** mAP of the model before that pruning. */
  readonly parentMap: number | null;
  readonly seed: number;
  readonly qat: boolean;
  /** The curve further training continues on. */
  readonly curve: Curve;
  /** Engines only. */
  readonly precision: 'fp32' | 'fp16' | 'int8' | null;
  readonly maxBatchSize: number | null;
  readonly optBatchSize: number | null;
  /** Short hash of the TAO 3/4 key the model is "encrypted" with (never the key); null on TAO 5. */
  readonly keyCheck: string | null;
  readonly sizeBytes: number;
  /** The simulated command that wrote the file, e.g. `model ssd train`. */
  readonly writtenBy: string;
}

/** Writes a simulated model file: magic, header line, then a sparse extension to `header.sizeBytes`. */
export function writeSimulatedModel(path: string, header: SimulatedModelHeader): void {
  const head = `${SIMULATED_MODEL_MAGIC}\n${JSON.stringify(header)}\n`;
  writeFileSync(path, head);
  truncateSync(path, Math.max(header.sizeBytes, Buffer.byteLength(head)));
}

const HEADER_BYTES = 16 * 1024;

/** Reads the header from the first bytes of a file's content; null when it is not a simulated model. */
export function parseSimulatedModelHeader(text: string): SimulatedModelHeader | null {
  if (!text.startsWith(`${SIMULATED_MODEL_MAGIC}\n`)) return null;
  const line = text.slice(SIMULATED_MODEL_MAGIC.length + 1).split('\n', 1)[0] ?? '';
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  return isHeader(value) ? value : null;
}

function isHeader(v: unknown): v is SimulatedModelHeader {
  if (typeof v !== 'object' || v === null) return false;
  const h = v as Record<string, unknown>;
  return (
    h.simulated === true &&
    typeof h.kind === 'string' &&
    typeof h.network === 'string' &&
    typeof h.mAP === 'number' &&
    typeof h.paramCount === 'number' &&
    Array.isArray(h.classes) &&
    typeof h.curve === 'object' &&
    h.curve !== null
  );
}

/**
 * The header of a simulated model file, or null when the file is missing, unreadable or not simulated.
 * @example (await readSimulatedModelHeader('runs/r1/weights/ssd_resnet18_epoch_010.hdf5'))?.mAP
 */
export async function readSimulatedModelHeader(path: string): Promise<SimulatedModelHeader | null> {
  try {
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(HEADER_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, HEADER_BYTES, 0);
      return parseSimulatedModelHeader(buffer.subarray(0, bytesRead).toString('utf8'));
    } finally {
      await handle.close();
    }
  } catch {
    return null;
  }
}

/** Synchronous read for the simulator itself; null when the file is not a simulated model. */
export function readSimulatedModelHeaderSync(path: string): SimulatedModelHeader | null {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buffer = Buffer.alloc(HEADER_BYTES);
    const bytesRead = readSync(fd, buffer, 0, HEADER_BYTES, 0);
    return parseSimulatedModelHeader(buffer.subarray(0, bytesRead).toString('utf8'));
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Leaves the SIMULATED marker in a results directory. */
export function markSimulated(dir: string): void {
  const marker = join(dir, SIMULATED_MARKER_FILE);
  if (!existsSync(marker)) writeFileSync(marker, MARKER_TEXT);
}

/**
 * True when the simulator wrote TAO results into this directory (it holds the SIMULATED marker).
 * @example if (await isSimulatedResultsDir(run.resultsDir)) card.note('simulated run');
 */
export async function isSimulatedResultsDir(dir: string): Promise<boolean> {
  try {
    const text = await readFile(join(dir, SIMULATED_MARKER_FILE), 'utf8');
    return text.startsWith("Written by taobot's TAO simulator");
  } catch {
    return false;
  }
}
