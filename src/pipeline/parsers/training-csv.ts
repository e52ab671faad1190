import { createLineParser } from './line-parser.js';
import { parseMetric } from './numbers.js';
import { type IncrementalParser, type ParsedText, parseWhole } from './types.js';

export { trainingCsvFileName } from './training-csv-name.js';

/**
 * The Keras training log TAO writes per epoch (`ssd_training_log_resnet18.csv`). Keras writes the header
 * once, from the first epoch's metric names in sorted order, so columns are found by name, never position.
 */

/** The header: the file's columns and the classes of its `AP_<class>` columns, in file order. */
export interface CsvHeaderEvent {
  readonly kind: 'header';
  readonly columns: readonly string[];
  readonly classes: readonly string[];
  /** True when a header comes again: a resumed run recreated the file from scratch. */
  readonly restarted: boolean;
}

/** One epoch row. `null` stands for nan/inf/empty (epochs without validation write `nan`). */
export interface CsvEpochEvent {
  readonly kind: 'epoch';
  /** 1-indexed, as TAO's `OneIndexedCSVLogger` writes it. */
  readonly epoch: number;
  readonly loss: number | null;
  readonly lr: number | null;
  readonly map: number | null;
  readonly validationLoss: number | null;
  /** Per-class AP, only for classes that have a value on this row. */
  readonly ap: Readonly<Record<string, number>>;
}

export type TrainingCsvEvent = CsvHeaderEvent | CsvEpochEvent;

interface Layout {
  readonly width: number;
  readonly epoch: number;
  readonly loss: number;
  readonly lr: number;
  readonly map: number;
  readonly validationLoss: number;
  readonly ap: readonly (readonly [className: string, index: number])[];
}

const EPOCH = /^\d+$/;

const isApColumn = (name: string): boolean => name.startsWith('AP_') && name.length > 3;

/** A row's value in a column the header may lack (index -1 → null). */
function column(fields: readonly string[], index: number): number | null | undefined {
  return index === -1 ? null : parseMetric(fields[index] as string);
}

function layoutOf(columns: readonly string[]): Layout {
  const ap: [string, number][] = [];
  for (const [index, name] of columns.entries()) {
    if (isApColumn(name)) ap.push([name.slice(3), index]);
  }
  return {
    width: columns.length,
    epoch: columns.indexOf('epoch'),
    loss: columns.indexOf('loss'),
    lr: columns.indexOf('lr'),
    map: columns.indexOf('mAP'),
    validationLoss: columns.indexOf('validation_loss'),
    ap,
  };
}

/** Creates a parser for a growing training CSV. Rows before any header, or of the wrong width, are skipped. */
export function createTrainingCsvParser(): IncrementalParser<TrainingCsvEvent> {
  let layout: Layout | null = null;

  const line = (text: string, out: TrainingCsvEvent[]): boolean => {
    if (text.length === 0) return true;
    const fields = text.split(',');
    // Data rows hold only numbers, so the substring test keeps the header check off the hot path.
    const columns = text.includes('epoch') ? fields.map((field) => field.trim()) : null;
    if (columns?.includes('epoch')) {
      out.push({
        kind: 'header',
        columns,
        classes: columns.filter(isApColumn).map((c) => c.slice(3)),
        restarted: layout !== null,
      });
      layout = layoutOf(columns);
      return true;
    }
    if (layout === null || fields.length !== layout.width || !EPOCH.test(fields[layout.epoch] as string)) {
      return false;
    }
    // A value that is neither a number nor nan/inf means the row is damaged: skip it whole.
    const loss = column(fields, layout.loss);
    const lr = column(fields, layout.lr);
    const map = column(fields, layout.map);
    const validationLoss = column(fields, layout.validationLoss);
    if (loss === undefined || lr === undefined || map === undefined || validationLoss === undefined)
      return false;
    const ap: Record<string, number> = {};
    for (const [className, index] of layout.ap) {
      const v = parseMetric(fields[index] as string);
      if (v === undefined) return false;
      if (v !== null) ap[className] = v;
    }
    out.push({ kind: 'epoch', epoch: Number(fields[layout.epoch]), loss, lr, map, validationLoss, ap });
    return true;
  };

  return createLineParser({ line });
}

/** Parses a complete training CSV. */
export function parseTrainingCsv(text: string): ParsedText<TrainingCsvEvent> {
  return parseWhole(createTrainingCsvParser(), text);
}
