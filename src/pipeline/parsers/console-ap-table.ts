import type { ApTableEvent } from './console-types.js';
import { decimalsOf, parseMetric } from './numbers.js';

/**
 * The AP table TAO prints after validation and evaluation:
 * ```
 * *******************************
 * car           AP    0.58264
 * electric_bicycleAP    0.66367
 *               mAP   0.62316
 * *******************************
 * ```
 * Rows are `"{:<14}{:<6}{}".format(cls, 'AP', ap)`, so a class name of 14 characters or more runs straight
 * into `AP`. The mAP row has an empty class: once trimmed it is the only row that starts with `mAP`.
 */

const STARS = /^\*{5,}$/;
const MAP_ROW = /^mAP\s+(\S+)$/;
const AP_ROW = /^(.+?)\s*AP\s+(\S+)$/;

/** Whether a trimmed line is one of the `*****` rules around the table. */
export const isTableRule = (line: string): boolean => line.charCodeAt(0) === 42 && STARS.test(line);

export type TableStep = 'row' | 'end' | 'foreign';

/** Collects the rows of one table. */
export class ApTableBuilder {
  private readonly ap: Record<string, number | null> = {};
  private map: number | null = null;
  private decimals = 0;

  constructor(private readonly epoch: number | null) {}

  /** Takes the next trimmed line: a row, the closing rule, or a foreign line that ends the table unread. */
  add(line: string): TableStep {
    if (isTableRule(line)) return 'end';
    const mapRow = MAP_ROW.exec(line);
    const row = mapRow ?? AP_ROW.exec(line);
    if (!row) return 'foreign';
    const raw = (mapRow ? mapRow[1] : row[2]) as string;
    const value = parseMetric(raw);
    if (value === undefined) return 'foreign';
    this.decimals = Math.max(this.decimals, decimalsOf(raw));
    if (mapRow) this.map = value;
    else this.ap[row[1] as string] = value;
    return 'row';
  }

  /** The table as an event. */
  finish(level: string | null): ApTableEvent {
    return {
      kind: 'ap-table',
      level,
      epoch: this.epoch,
      ap: this.ap,
      map: this.map,
      decimals: this.decimals,
    };
  }
}
