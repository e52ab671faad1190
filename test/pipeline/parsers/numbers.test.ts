import { describe, expect, it } from 'vitest';
import {
  decimalsOf,
  metricValue,
  parseKerasEta,
  parseMetric,
  parseTimedelta,
} from '../../../src/pipeline/parsers/numbers.js';

describe('parseMetric', () => {
  it('reads Python float renderings when they are finite', () => {
    expect(parseMetric('0.5655300000000001')).toBe(0.5655300000000001);
    expect(parseMetric('1.2345e-05')).toBe(1.2345e-5);
    expect(parseMetric(' 3 ')).toBe(3);
  });

  it('returns null when TAO writes no value (nan, inf, empty)', () => {
    for (const raw of ['nan', 'NaN', 'inf', '-inf', 'Infinity', '']) expect(parseMetric(raw)).toBeNull();
  });

  it('returns undefined when the text is not a number', () => {
    for (const raw of ['abc', '0x1f', '1,5', '--1']) expect(parseMetric(raw)).toBeUndefined();
  });
});

describe('metricValue', () => {
  it('accepts floats and float strings and maps the rest to null', () => {
    expect(metricValue(0.25)).toBe(0.25);
    expect(metricValue('0.25')).toBe(0.25);
    expect(metricValue('nan')).toBeNull();
    expect(metricValue(Number.NaN)).toBeNull();
    expect(metricValue(null)).toBeNull();
    expect(metricValue({ value: 1 })).toBeNull();
  });
});

describe('parseTimedelta', () => {
  it('reads str(timedelta) when it has microseconds, days or neither', () => {
    expect(parseTimedelta('0:05:12.345678')).toBeCloseTo(312.345678, 6);
    expect(parseTimedelta('6:09:36')).toBe(22_176);
    expect(parseTimedelta('1 day, 2:03:04')).toBe(93_784);
    expect(parseTimedelta('3 days, 0:00:00.5')).toBe(259_200.5);
  });

  it('returns null when the text is not a timedelta', () => {
    expect(parseTimedelta('5 minutes')).toBeNull();
    expect(parseTimedelta('')).toBeNull();
  });
});

describe('parseKerasEta', () => {
  it('reads the three Keras ETA forms', () => {
    expect(parseKerasEta('45s')).toBe(45);
    expect(parseKerasEta('1:23')).toBe(83);
    expect(parseKerasEta('1:02:03')).toBe(3723);
  });

  it('returns null when the ETA has no unit or another shape', () => {
    expect(parseKerasEta('45')).toBeNull();
    expect(parseKerasEta('1:23s')).toBeNull();
    expect(parseKerasEta('soon')).toBeNull();
  });
});

describe('decimalsOf', () => {
  it('counts the digits after the point when a value is printed', () => {
    expect(decimalsOf('0.49200')).toBe(5);
    expect(decimalsOf('0.492')).toBe(3);
    expect(decimalsOf('1')).toBe(0);
    expect(decimalsOf('1e-05')).toBe(0);
  });
});
