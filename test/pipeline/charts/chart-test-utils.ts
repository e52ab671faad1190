import { expect } from 'vitest';
import type { ChartInputError, ChartSpec } from '../../../src/pipeline/charts/types.js';
import type { Result } from '../../../src/shared/result.js';

/** The value of a builder's result, failing the test with the builder's own message when it is an error. */
export function unwrap<T>(result: Result<T, ChartInputError>): T {
  if (!result.ok) throw new Error(`expected a chart, got: ${result.error.message}`);
  return result.value;
}

/** The error message of a builder's result, failing the test when the builder drew a chart instead. */
export function messageOf(result: Result<ChartSpec, ChartInputError>): string {
  if (result.ok) throw new Error(`expected an input error, got a chart titled ${result.value.title}`);
  return result.error.message;
}

export interface LooseDataset {
  readonly type?: string;
  readonly label?: string;
  readonly data: readonly unknown[];
  readonly yAxisID?: string;
  readonly borderColor?: unknown;
  readonly borderDash?: readonly number[];
  readonly [option: string]: unknown;
}

/** The datasets as plain records, to read options that differ by chart type. */
export const datasetsOf = (spec: ChartSpec): LooseDataset[] =>
  spec.config.data.datasets as unknown as LooseDataset[];

/** The dataset whose legend label matches; fails when there is none. */
export function datasetOf(spec: ChartSpec, label: string | RegExp): LooseDataset {
  const found = datasetsOf(spec).find((dataset) =>
    typeof label === 'string' ? dataset.label === label : label.test(dataset.label ?? ''),
  );
  if (found === undefined) throw new Error(`no dataset labelled ${String(label)} in ${spec.title}`);
  return found;
}

/** A scale's options as a plain record. */
export const scaleOf = (spec: ChartSpec, id: string): Record<string, unknown> =>
  ((spec.config.options?.scales ?? {}) as Record<string, Record<string, unknown>>)[id] ?? {};

/** The title, subtitle and legend plugin options as plain records. */
export function pluginsOf(spec: ChartSpec): Record<'title' | 'subtitle' | 'legend', Record<string, unknown>> {
  return (spec.config.options?.plugins ?? {}) as Record<
    'title' | 'subtitle' | 'legend',
    Record<string, unknown>
  >;
}

/** What every chart must be: static, readable, white-background-ready and plain JSON (for QuickChart). */
export function expectStaticReadableJson(spec: ChartSpec): void {
  const options = spec.config.options as Record<string, unknown>;
  expect(options.animation).toBe(false);
  expect(options.responsive).toBe(false);
  const { title, legend } = pluginsOf(spec);
  expect(title).toMatchObject({ display: true });
  expect((title.font as { size: number }).size).toBeGreaterThanOrEqual(14);
  expect(legend).toMatchObject({ display: true });
  for (const [id, scale] of Object.entries((spec.config.options?.scales ?? {}) as Record<string, unknown>)) {
    expect(scale, `axis ${id} has a title`).toMatchObject({ title: { display: true } });
  }
  expect(JSON.parse(JSON.stringify(spec.config))).toStrictEqual(spec.config);
}
