import type { ConsoleEvent } from '../parsers/console.js';
import type { StatusEvent } from '../parsers/status-json.js';
import type { TrainingCsvEvent } from '../parsers/training-csv.js';

/**
 * Turns what the parsers read from a run's files into epoch rows and observations (pure). The CSV is the
 * source of truth for metrics; status.json gives the epoch time; the console gives the same as a fallback for
 * TAO versions without status.json, and the failure details.
 */
export interface EpochUpdate {
  epoch: number;
  loss?: number | null;
  lr?: number | null;
  map?: number | null;
  validationLoss?: number | null;
  ap?: Record<string, number>;
  epochSeconds?: number | null;
}

export interface Observations {
  epochs: Map<number, EpochUpdate>;
  /** The last error TAO reported (traceback line or status.json FAILURE message). */
  error?: string;
  /** `Execution status: PASS|FAIL`, or status.json's last SUCCESS/FAILURE. */
  passed?: boolean;
  /** The highest epoch TAO announced (Keras `Epoch N/M`), for the live card between CSV rows. */
  maxEpoch?: number;
  pruneRatio?: number;
}

export const emptyObservations = (): Observations => ({ epochs: new Map() });

function merge(into: Observations, update: EpochUpdate): void {
  const current = into.epochs.get(update.epoch) ?? { epoch: update.epoch };
  for (const [key, value] of Object.entries(update) as Array<[keyof EpochUpdate, unknown]>) {
    if (value === undefined || value === null) continue;
    (current as unknown as Record<string, unknown>)[key] =
      key === 'ap' ? { ...(current.ap ?? {}), ...(value as Record<string, number>) } : value;
  }
  into.epochs.set(update.epoch, current);
}

export function observeCsv(into: Observations, events: readonly TrainingCsvEvent[]): void {
  for (const event of events) {
    if (event.kind !== 'epoch' || !Number.isInteger(event.epoch) || event.epoch < 1) continue;
    merge(into, {
      epoch: event.epoch,
      loss: event.loss,
      lr: event.lr,
      map: event.map,
      validationLoss: event.validationLoss,
      ap: { ...event.ap },
    });
  }
}

export function observeStatus(into: Observations, events: readonly StatusEvent[]): void {
  for (const event of events) {
    if (event.kind === 'epoch' && event.epoch >= 1) {
      merge(into, { epoch: event.epoch, loss: event.loss, lr: event.lr, epochSeconds: event.timePerEpochS });
      if (event.maxEpoch) into.maxEpoch = event.maxEpoch;
    } else if (event.kind === 'validation' && event.epoch !== null) {
      merge(into, { epoch: event.epoch, map: event.map, validationLoss: event.validationLoss });
    } else if (event.kind === 'finished') {
      into.passed = event.success;
      if (!event.success && event.meta.message) into.error = event.meta.message;
    } else if (event.kind === 'prune' && event.ratio !== null) {
      into.pruneRatio = event.ratio;
    }
  }
}

export function observeConsole(into: Observations, events: readonly ConsoleEvent[]): void {
  for (const event of events) {
    switch (event.kind) {
      case 'epoch-start':
        into.maxEpoch = event.maxEpoch;
        break;
      case 'epoch-end':
        if (event.epoch !== null)
          merge(into, { epoch: event.epoch, epochSeconds: event.durationS, loss: event.loss });
        break;
      case 'traceback':
        into.error = event.error ?? event.lines[event.lines.length - 1] ?? 'a Python traceback';
        break;
      case 'execution-status':
        into.passed = event.passed;
        break;
      case 'prune':
        if (event.ratio !== null) into.pruneRatio = event.ratio;
        break;
      default:
        break;
    }
  }
}
