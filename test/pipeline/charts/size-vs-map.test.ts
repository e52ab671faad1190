import { describe, expect, it } from 'vitest';
import {
  buildSizeVsMap,
  mapAxisMin,
  paretoFront,
  type SizeMapPoint,
} from '../../../src/pipeline/charts/size-vs-map.js';
import { SIMULATED_TEXT } from '../../../src/pipeline/charts/style.js';
import {
  datasetOf,
  expectStaticReadableJson,
  messageOf,
  pluginsOf,
  scaleOf,
  unwrap,
} from './chart-test-utils.js';

const p = (id: string, sizeMb: number, map: number) => ({ id, sizeMb, map });
const ids = (points: readonly { id: string }[]) => points.map((point) => point.id);

/** The seed run's pruned family (sizes from the design notes) plus a model that is bigger and worse. */
const family: SizeMapPoint[] = [
  { label: 'unpruned', sizeMb: 101.7, map: 0.765 },
  { label: 'pth 0.1', sizeMb: 22.5, map: 0.752 },
  { label: 'pth 0.3', sizeMb: 9.8, map: 0.7 },
  { label: 'QAT pth 0.1', sizeMb: 30, map: 0.74 },
];

describe('paretoFront', () => {
  it('drops a point that is both bigger and less accurate than another', () => {
    expect(ids(paretoFront([p('a', 10, 0.6), p('b', 20, 0.5), p('c', 30, 0.7)]))).toEqual(['a', 'c']);
  });

  it('drops a point that only ties on one side when the other side is worse', () => {
    expect(ids(paretoFront([p('small', 10, 0.6), p('same-size-worse', 10, 0.5)]))).toEqual(['small']);
    expect(ids(paretoFront([p('small', 10, 0.6), p('same-map-bigger', 12, 0.6)]))).toEqual(['small']);
  });

  it('keeps exact ties, since neither is better, when two models have the same size and mAP', () => {
    expect(ids(paretoFront([p('x', 10, 0.6), p('y', 10, 0.6), p('z', 5, 0.4)]))).toEqual(['z', 'x', 'y']);
  });

  it('keeps a chain of trade-offs sorted by size when each bigger model is more accurate', () => {
    const input = [p('c', 30, 0.8), p('a', 10, 0.6), p('b', 20, 0.7)];
    expect(ids(paretoFront(input))).toEqual(['a', 'b', 'c']);
    expect(ids(input)).toEqual(['c', 'a', 'b']);
  });

  it('returns nothing for no points and the point itself for one', () => {
    expect(paretoFront([])).toEqual([]);
    expect(ids(paretoFront([p('only', 1, 0.1)]))).toEqual(['only']);
  });
});

describe('buildSizeVsMap', () => {
  it('plots every model with its label and the front through the non-dominated ones', () => {
    const spec = unwrap(buildSizeVsMap({ points: family }));
    expect(datasetOf(spec, 'models')).toMatchObject({ type: 'scatter' });
    expect(datasetOf(spec, 'models').data).toEqual([
      { x: 101.7, y: 0.765, label: 'unpruned' },
      { x: 22.5, y: 0.752, label: 'pth 0.1' },
      { x: 9.8, y: 0.7, label: 'pth 0.3' },
      { x: 30, y: 0.74, label: 'QAT pth 0.1' },
    ]);
    const front = datasetOf(spec, /^Pareto front/);
    expect(front.type).toBe('line');
    expect(front.data).toEqual([
      { x: 9.8, y: 0.7 },
      { x: 22.5, y: 0.752 },
      { x: 101.7, y: 0.765 },
    ]);
    expect(scaleOf(spec, 'x')).toMatchObject({ beginAtZero: true, title: { text: 'model size (MB)' } });
    expect(scaleOf(spec, 'y')).toMatchObject({ min: 0.6, max: 1, title: { text: 'mAP (0–1)' } });
    expect(pluginsOf(spec).title.text).toBe('Model size vs mAP');
    expectStaticReadableJson(spec);
  });

  it('starts the mAP axis a tenth below the lowest mAP, never below zero', () => {
    expect(mapAxisMin([{ map: 0.7 }, { map: 0.9 }])).toBe(0.6);
    expect(mapAxisMin([{ map: 0.45 }])).toBe(0.4);
    expect(mapAxisMin([{ map: 0.03 }])).toBe(0);
  });

  it('marks simulated models on their labels and in the subtitle when the data is simulated', () => {
    const mixed = unwrap(
      buildSizeVsMap({
        points: [family[0] as SizeMapPoint, { ...family[1], simulated: true } as SizeMapPoint],
      }),
    );
    expect((datasetOf(mixed, 'models').data[1] as { label: string }).label).toBe('pth 0.1 (SIMULATED)');
    expect(pluginsOf(mixed).subtitle).toMatchObject({
      display: true,
      text: 'SIMULATED: models marked (SIMULATED) come from simulated runs',
    });
    const all = unwrap(
      buildSizeVsMap({
        title: 'ssd_resnet18 models',
        points: family.map((point) => ({ ...point, simulated: true })),
      }),
    );
    expect(pluginsOf(all).subtitle).toMatchObject({ display: true, text: SIMULATED_TEXT });
    expect(all.title).toBe(`ssd_resnet18 models (${SIMULATED_TEXT})`);
  });

  it('explains what to fix when a model point is wrong', () => {
    expect(messageOf(buildSizeVsMap({ points: [] }))).toBe('no models to draw: pass at least one point');
    expect(messageOf(buildSizeVsMap({ points: [{ label: 'pth 0.1', sizeMb: 22.5, map: 75.2 }] }))).toBe(
      'mAP must be a fraction in 0–1, got 75.2 for pth 0.1',
    );
    expect(messageOf(buildSizeVsMap({ points: [{ label: 'x', sizeMb: 0, map: 0.5 }] }))).toMatch(
      /positive number of MB/,
    );
    expect(messageOf(buildSizeVsMap({ points: [{ label: ' ', sizeMb: 1, map: 0.5 }] }))).toMatch(
      /needs a label/,
    );
  });
});
