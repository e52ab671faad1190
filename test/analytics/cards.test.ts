import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareRuns } from '../../src/analytics/compare.js';
import { buildCompareCard, buildCompareChart } from '../../src/analytics/compare-card.js';
import { buildDayChart } from '../../src/analytics/day-chart.js';
import { computeFrontier } from '../../src/analytics/frontier.js';
import { buildFrontierCard, buildFrontierChart } from '../../src/analytics/frontier-card.js';
import { buildSummaryCard } from '../../src/analytics/summary-card.js';
import { loadSummaryData, type SummaryData } from '../../src/analytics/summary-data.js';
import { dailyPeriod, onDemandPeriod } from '../../src/analytics/summary-period.js';
import { createSummaryService } from '../../src/analytics/summary-service.js';
import { renderCardText } from '../../src/bot/adapters/shell/render.js';
import {
  loadCompareFacts,
  loadCurrentDeployments,
  loadFrontierRows,
} from '../../src/db/repositories/analytics-lineage.js';
import { silentLogger } from '../../src/logger.js';
import { createChartRenderer } from '../../src/pipeline/charts/render.js';
import type { ChartSpec } from '../../src/pipeline/charts/types.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';
import { type History, PERIOD, seedHistory } from './history.js';

const berlin = { channel: 'slack:C1', at: '09:00', timezone: 'Europe/Berlin' };
const period = dailyPeriod(berlin, '2026-03-29');
const chartsDir = mkdtempSync(join(tmpdir(), 'taobot-analytics-charts-'));
const local = createChartRenderer({ renderer: 'local', outputDir: chartsDir });
// Port 1 on loopback refuses at once: the QuickChart path is taken and, with no server, falls back to drawing here.
const quickchart = createChartRenderer({
  renderer: 'quickchart',
  quickchartUrl: 'http://127.0.0.1:1/qc',
  outputDir: chartsDir,
});

/** Draws a spec both ways: a real PNG on disk, and through the QuickChart renderer (JSON config, local fallback). */
async function expectRenders(spec: ChartSpec, stem: string): Promise<void> {
  const png = await local.render(spec, stem);
  if (png.kind !== 'file') throw new Error('expected a PNG file');
  expect(readFileSync(png.path).subarray(1, 4).toString()).toBe('PNG');
  expect(png.bytes).toBeGreaterThan(10_000);
  // QuickChart gets the config as JSON: it must survive the trip unchanged.
  expect(JSON.parse(JSON.stringify(spec.config))).toEqual(spec.config);
  const viaQuickchart = await quickchart.render(spec, `${stem}-qc`);
  if (viaQuickchart.kind !== 'file') throw new Error('expected the local fallback file');
  expect(readFileSync(viaQuickchart.path).subarray(1, 4).toString()).toBe('PNG');
}

describe('analytics cards and charts on a constructed history', () => {
  let handle: TestDb;
  let h: History;
  let data: SummaryData;
  beforeAll(async () => {
    handle = await createTestDb('pglite');
    h = await seedHistory(handle.db);
    data = await loadSummaryData(handle.db, period, PERIOD.to + 2 * 3_600_000 + 42 * 60_000);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('writes a late daily summary with every section and the numbers of the day', () => {
    const now = PERIOD.to + 2 * 3_600_000 + 42 * 60_000;
    const card = buildSummaryCard(period, data, {
      now,
      lateDueAt: PERIOD.to,
      image: { path: '/tmp/day.png' },
    });
    expect(card.title).toBe('Daily summary · Sun 29 Mar (late)');
    expect(card.tone).toBe('warning');
    expect(Object.fromEntries((card.fields ?? []).map((f) => [f.label, f.value]))).toEqual({
      Started: '5',
      Finished: '4',
      Failed: '1',
      'Running at the end': '1',
      Cancelled: '1',
      'GPU-hours': '35.9 h',
      'Pending approvals': '2',
      'Checkpoint disk': '318.9 MB',
    });
    expect(card.lines).toEqual([
      'Sat 28 Mar 09:00 → Sun 29 Mar 09:00 CEST (Europe/Berlin), 23 h',
      'Posted late at Sun 29 Mar 11:42: taobot was not running at 09:00, when it was due.',
      'GPU-hours by server: gpu1 32.4 h · gpu2 3.50 h',
      `Failed #${h.b} train ssd_resnet18 on gpu2: CUDA out of memory`,
      `Pruned #${h.c} ssd_resnet18 (pth 0.1 of #${h.a} epoch 10): 101.7 MB → 22.5 MB, 22% of parameters`,
      `Retrained #${h.d} ssd_resnet18 (pth 0.1): mAP 0.7420 vs unpruned 0.7600 (−0.0180), 23.6 MB`,
      `Deployed #${h.f} ssd_resnet18 #${h.d} epoch 20 to nano (int8): 212.4 FPS, 4.71 ms mean, 6.02 ms p99`,
      `Waiting for approval #${h.approvals.pending}: retrain of run #${h.c} (ssd_resnet18), asked by slack:U2 3h 00m ago, expires in 21h 00m`,
      `Waiting for approval #${h.approvals.decidedLater}: retrain of run #${h.c} (ssd_resnet18), asked by slack:U2 1h 00m ago, expires in 23h 00m`,
      'Checkpoints on disk: 318.9 MB in 6 files (+268.9 MB, −101.7 MB freed): gpu1 148.9 MB · gpu2 90.0 MB · imported 80.0 MB',
    ]);
    expect(card.table?.rows).toEqual([
      ['ssd_resnet18', '0.7600', `#${h.a} train`, '10', 'ssd_resnet18_epoch_010.hdf5', '101.7 MB'],
      ['yolo_v4', '0.3100', `#${h.e} train`, '2', 'ssd_resnet18_epoch_002.hdf5', '40.0 MB'],
    ]);
    expect(card.image).toEqual({
      path: '/tmp/day.png',
      alt: 'GPU-hours by server and kind · Daily summary · Sun 29 Mar (late)',
    });
    expect(card.footer).toBeUndefined();
    expect(renderCardText(card)).toContain('Daily summary · Sun 29 Mar (late)');
  });

  it('names on-demand periods in the channel’s zone and says when nothing ran', () => {
    const quiet: SummaryData = {
      usage: [],
      best: [],
      failures: [],
      approvals: [],
      disk: [],
      prunes: [],
      retrains: [],
      deployments: [],
    };
    const now = Date.parse('2026-06-10T03:00:00Z'); // 11:00 in Shanghai
    const today = buildSummaryCard(onDemandPeriod('today', now, 'Asia/Shanghai'), quiet, { now });
    expect(today.title).toBe('Summary · today so far (Wed 10 Jun)');
    expect(today.lines).toEqual(['Wed 10 Jun 00:00 → now GMT+8 (Asia/Shanghai)', 'No runs in this period.']);
    expect(today.fields?.find((f) => f.label === 'Running now')?.value).toBe('0');
    const week = buildSummaryCard(onDemandPeriod('week', now, 'Asia/Shanghai'), quiet, { now });
    expect(week.title).toBe('Summary · last 7 days (Thu 4 Jun – Wed 10 Jun)');
    const yesterday = buildSummaryCard(onDemandPeriod('yesterday', now, 'Asia/Shanghai'), quiet, { now });
    expect(yesterday.title).toBe('Summary · yesterday (Tue 9 Jun)');
    expect(yesterday.lines?.[0]).toBe('Tue 9 Jun 00:00 → Wed 10 Jun 00:00 GMT+8 (Asia/Shanghai)');
  });

  it('charts the day as GPU-hours per server stacked by kind, and renders it', async () => {
    const spec = buildDayChart(data.usage, 'GPU-hours');
    if (!spec) throw new Error('expected a chart');
    expect(spec.config.data.labels).toEqual(['gpu1', 'gpu2']);
    const byKind = Object.fromEntries(spec.config.data.datasets.map((d) => [d.label, d.data]));
    expect(byKind).toEqual({ train: [4, 3.5], retrain: [28, 0], prune: [0.1, 0], deploy: [0.333, 0] });
    await expectRenders(spec, 'day-test');
    expect(buildDayChart([], 'nothing')).toBeNull();
  });

  it('builds the summary through the service with its chart', async () => {
    const service = createSummaryService({ db: handle.db, renderer: local, logger: silentLogger() });
    const card = await service.build(period, { now: PERIOD.to });
    expect(card.title).toBe('Daily summary · Sun 29 Mar');
    expect(card.image?.path).toMatch(/summary-daily-2026-03-29-Europe_Berlin-\d+\.png$/);
    expect(
      readFileSync(card.image?.path as string)
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
  });

  it('tabulates a comparison against the first run and overlays the mAP curves', async () => {
    const ids = [h.a, h.d, 424_242];
    const { runs, missing } = compareRuns(await loadCompareFacts(handle.db, ids), ids);
    const card = buildCompareCard(runs, { missing });
    expect(card.title).toBe(`Comparison · runs #${h.a}, #${h.d}`);
    expect(card.table?.headers).toEqual([
      'run',
      'kind',
      'model',
      'best mAP',
      'epoch',
      `Δ vs #${h.a}`,
      'size',
      'prune',
      'epoch time',
      'epochs',
      'AP car',
      'AP cyclist',
      'AP pedestrian',
    ]);
    expect(card.table?.rows).toEqual([
      [
        `#${h.a}`,
        'train',
        'ssd_resnet18',
        '0.7600',
        '10',
        '—',
        '101.7 MB',
        '—',
        '54s',
        '10',
        '0.8500',
        '0.7000',
        '0.7300',
      ],
      [
        `#${h.d}`,
        'retrain',
        'ssd_resnet18',
        '0.7420',
        '20',
        '−0.0180',
        '23.6 MB',
        'pth 0.1',
        '59s',
        '20',
        '0.8400',
        '0.6600',
        '0.7260',
      ],
    ]);
    expect(card.lines).toEqual([
      `Most accurate: #${h.a} with mAP 0.7600 (epoch 10)`,
      `Smallest: #${h.d} at 23.6 MB`,
      'Not found: #424242 (see /runs).',
    ]);
    const chart = buildCompareChart(runs);
    if (!chart) throw new Error('expected a chart');
    const datasets = chart.config.data.datasets;
    expect(datasets.map((d) => d.label)).toEqual([`#${h.a} ssd_resnet18`, `#${h.d} ssd_resnet18`]);
    expect(datasets[1]?.data).toEqual([
      { x: 10, y: 0.7 },
      { x: 15, y: 0.75 },
      { x: 20, y: 0.742 },
    ]);
    await expectRenders(chart, 'compare-test');
  });

  it('draws the frontier with the front, the deployed rings, and a table of variants', async () => {
    const points = computeFrontier(
      await loadFrontierRows(handle.db, 'ssd_resnet18'),
      await loadCurrentDeployments(handle.db),
    );
    const card = buildFrontierCard('ssd_resnet18', points);
    expect(card.lines).toEqual([
      '5 variants of ssd_resnet18, 3 on the Pareto front (no other variant is both smaller and more accurate).',
      `Front: #${h.i} (9.8 MB, 0.4100) → #${h.d} (23.6 MB, 0.7420) → #${h.h} (50.0 MB, 0.8000)`,
      `nano runs #${h.d} epoch 20 (int8, 212.4 FPS)`,
      `orin runs #${h.a} epoch 10 (fp16, 540.5 FPS): not on the front`,
    ]);
    expect(card.table?.rows).toEqual([
      [`#${h.i}`, 'pth 0.3 (not retrained)', '9.8 MB', '0.4100', '1', '10%', '●', '—'],
      [`#${h.d}`, 'pth 0.1', '23.6 MB', '0.7420', '20', '22%', '●', 'nano'],
      [`#${h.h}*`, 'unpruned', '50.0 MB', '0.8000', '5', '—', '●', '—'],
      [`#${h.j}`, 'unpruned', '80.0 MB', '0.7800', '3', '—', '', '—'],
      [`#${h.a}`, 'unpruned', '101.7 MB', '0.7600', '10', '—', '', 'orin'],
    ]);
    expect(card.footer).toMatch(/SIMULATED/);
    const chart = buildFrontierChart('ssd_resnet18', points);
    if (!chart) throw new Error('expected a chart');
    const [models, front, deployed] = chart.config.data.datasets;
    expect(models?.data.map((p) => (p as unknown as { label: string }).label)).toEqual([
      `#${h.i} pth 0.3 (not retrained)`,
      `#${h.d} pth 0.1 → nano`,
      `#${h.h} unpruned (SIMULATED)`,
      `#${h.j} unpruned`,
      `#${h.a} unpruned → orin`,
    ]);
    expect(front?.data).toEqual([
      { x: 9.8, y: 0.41 },
      { x: 23.6, y: 0.742 },
      { x: 50, y: 0.8 },
    ]);
    expect(deployed?.label).toBe('deployed (latest on its device)');
    expect(deployed?.data).toEqual([
      { x: 23.6, y: 0.742 },
      { x: 101.7, y: 0.76 },
    ]);
    await expectRenders(chart, 'frontier-test');
  });
});
