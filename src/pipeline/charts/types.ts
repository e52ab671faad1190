import type { ChartConfiguration, ScatterDataPoint } from 'chart.js';

/** The Chart.js chart types the builders use; mixed charts set `type` per dataset. */
export type ChartKind = 'line' | 'bar' | 'scatter';

/** A point of a chart's data: a value by label index, an `{ x, y }` point, or a gap (`null`). */
export type ChartDataPoint = number | ScatterDataPoint | null;

/**
 * A Chart.js 4 configuration. It is plain data (no functions), so it can be JSON-serialized for QuickChart and
 * is a value the builders' tests can compare.
 */
export type ChartConfig = ChartConfiguration<ChartKind, ChartDataPoint[], number | string>;

/**
 * What every chart builder returns: the configuration plus how big to draw it and a one-line title for
 * alt text and upload names (it says SIMULATED when the data is).
 */
export interface ChartSpec {
  readonly config: ChartConfig;
  readonly width: number;
  readonly height: number;
  readonly title: string;
}

/** One training epoch's metrics, as stored per (run, epoch). `null`/absent means not measured that epoch. */
export interface EpochPoint {
  readonly epoch: number;
  readonly loss?: number | null;
  /** Mean average precision as a fraction in 0–1 (TAO's CSV and AP tables use fractions, not percentages). */
  readonly map?: number | null;
  readonly validationLoss?: number | null;
  readonly epochSeconds?: number | null;
  readonly ap?: Readonly<Record<string, number>>;
}

/** Which run a per-run chart describes; `simulated` puts a SIMULATED subtitle on the chart. */
export interface RunLabel {
  readonly runId: number;
  readonly model: string;
  readonly simulated: boolean;
}

/** A chart's input that cannot be drawn, with what to fix. */
export interface ChartInputError {
  readonly kind: 'chart-input';
  readonly chart: string;
  readonly message: string;
}

export const chartInputError = (chart: string, message: string): ChartInputError => ({
  kind: 'chart-input',
  chart,
  message,
});

/** Optional drawing size for any builder; defaults to 1000×560, which reads well in Slack and Discord. */
export interface ChartSize {
  readonly width?: number;
  readonly height?: number;
}
