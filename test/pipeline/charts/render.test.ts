import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createChartRenderer } from '../../../src/pipeline/charts/render.js';
import { buildSizeVsMap } from '../../../src/pipeline/charts/size-vs-map.js';
import { buildTrainingCurve } from '../../../src/pipeline/charts/training-curve.js';
import type { ChartSpec } from '../../../src/pipeline/charts/types.js';
import { ConfigError, UsageError } from '../../../src/shared/errors.js';
import { unwrap } from './chart-test-utils.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from the IHDR chunk, which PNG requires right after the signature. */
function ihdrSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** The decoded RGBA pixels of a PNG. */
async function pixelsOf(png: Buffer): Promise<{ data: Uint8ClampedArray; width: number; height: number }> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  return {
    data: ctx.getImageData(0, 0, image.width, image.height).data,
    width: image.width,
    height: image.height,
  };
}

const rgbaAt = (pixels: { data: Uint8ClampedArray; width: number }, x: number, y: number): number[] => {
  const offset = (y * pixels.width + x) * 4;
  return [...pixels.data.subarray(offset, offset + 4)];
};

function trainingSpec(size: { width?: number; height?: number } = {}): ChartSpec {
  const points = Array.from({ length: 30 }, (_, index) => ({
    epoch: index + 1,
    loss: 8 / (index + 1),
    map: (index + 1) % 10 === 0 ? (index + 1) / 40 : null,
  }));
  return unwrap(
    buildTrainingCurve({
      runId: 3,
      model: 'ssd_resnet18',
      simulated: true,
      totalEpochs: 80,
      points,
      ...size,
    }),
  );
}

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'taobot-charts-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** How many pixels in the rectangle are dark (text or lines), to tell drawn text from an empty band. */
function darkPixels(pixels: { data: Uint8ClampedArray; width: number }, top: number, bottom: number): number {
  let count = 0;
  for (let y = top; y < bottom; y += 1) {
    for (let x = 0; x < pixels.width; x += 1) {
      const [r = 255, g = 255, b = 255] = rgbaAt(pixels, x, y);
      if (r + g + b < 300) count += 1;
    }
  }
  return count;
}

describe('createChartRenderer (local)', () => {
  it('writes a PNG of the requested size with varied pixels when rendering a chart', async () => {
    const renderer = createChartRenderer({ renderer: 'local', outputDir: join(dir, 'charts', 'nested') });
    expect(renderer.kind).toBe('local');
    const out = await renderer.render(trainingSpec({ width: 640, height: 360 }), 'run-3-epoch-30');
    expect(out).toMatchObject({ kind: 'file', path: join(dir, 'charts', 'nested', 'run-3-epoch-30.png') });
    if (out.kind !== 'file') throw new Error('expected a file');
    const png = await readFile(out.path);
    expect(out.bytes).toBe(png.byteLength);
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(ihdrSize(png)).toEqual({ width: 640, height: 360 });
    const pixels = await pixelsOf(png);
    const colours = new Set<string>();
    for (let offset = 0; offset < pixels.data.length; offset += 4) {
      colours.add(pixels.data.subarray(offset, offset + 4).join(','));
    }
    expect(colours.size).toBeGreaterThan(20);
  });

  it('paints an opaque white background and draws the title text when fonts are available', async () => {
    const renderer = createChartRenderer({ renderer: 'local', outputDir: dir });
    const out = await renderer.render(trainingSpec(), 'default-size');
    if (out.kind !== 'file') throw new Error('expected a file');
    const png = await readFile(out.path);
    expect(ihdrSize(png)).toEqual({ width: 1000, height: 560 });
    const pixels = await pixelsOf(png);
    for (const [x, y] of [
      [0, 0],
      [999, 0],
      [0, 559],
      [999, 559],
    ] as const) {
      expect(rgbaAt(pixels, x, y), `pixel ${x},${y}`).toEqual([255, 255, 255, 255]);
    }
    // The title sits alone in the top band; no dark pixels there would mean text silently did not render.
    expect(darkPixels(pixels, 0, 30)).toBeGreaterThan(200);
  });

  it('replaces an earlier PNG and leaves no temporary file when rendering the same stem again', async () => {
    await writeFile(join(dir, 'chart.png'), 'old');
    const renderer = createChartRenderer({ renderer: 'local', outputDir: dir });
    await renderer.render(trainingSpec(), 'chart');
    const sizeVsMap = unwrap(buildSizeVsMap({ points: [{ label: 'unpruned', sizeMb: 101.7, map: 0.76 }] }));
    const out = await renderer.render(sizeVsMap, 'chart');
    expect(await readdir(dir)).toEqual(['chart.png']);
    if (out.kind !== 'file') throw new Error('expected a file');
    expect([...(await readFile(out.path)).subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  });

  it('leaves the spec as it was when Chart.js has drawn it', async () => {
    const spec = trainingSpec();
    const before = structuredClone(spec);
    await createChartRenderer({ renderer: 'local', outputDir: dir }).render(spec, 'pure');
    expect(spec).toStrictEqual(before);
    expect(Object.getOwnPropertyNames(spec.config.data.datasets[0]?.data ?? [])).not.toContain('_chartjs');
  });

  it('refuses file stems that could leave the output folder when given a path', async () => {
    const renderer = createChartRenderer({ renderer: 'local', outputDir: dir });
    for (const stem of ['../escape', 'a/b', '', '.hidden', 'a..b', 'x'.repeat(200)]) {
      await expect(renderer.render(trainingSpec(), stem), stem).rejects.toBeInstanceOf(UsageError);
    }
    expect(await readdir(dir)).toEqual([]);
  });

  it('stops without writing when the signal is already aborted', async () => {
    const renderer = createChartRenderer({ renderer: 'local', outputDir: join(dir, 'out') });
    const controller = new AbortController();
    controller.abort();
    await expect(
      renderer.render(trainingSpec(), 'aborted', { signal: controller.signal }),
    ).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a config holding a function when a caller adds one by hand', async () => {
    const spec = trainingSpec();
    const withFunction = {
      ...spec,
      config: { ...spec.config, options: { ...spec.config.options, onClick: () => undefined } },
    } as ChartSpec;
    await expect(
      createChartRenderer({ renderer: 'local', outputDir: dir }).render(withFunction, 'fn'),
    ).rejects.toThrow(
      'chart configs must be plain data (QuickChart gets them as JSON); found a function at config.options.onClick',
    );
  });
});

describe('createChartRenderer (quickchart)', () => {
  /** A QuickChart stand-in on 127.0.0.1: answers POST /chart with a PNG, and records what it was sent. */
  async function fakeQuickChart(prefix = '') {
    const bodies: Array<Record<string, unknown>> = [];
    const served = await createChartRenderer({ renderer: 'local', outputDir: dir }).render(
      trainingSpec(),
      'served',
    );
    if (served.kind !== 'file') throw new Error('expected a file');
    const png = await readFile(served.path);
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        if (request.method !== 'POST' || request.url !== `${prefix}/chart`) {
          response.writeHead(404).end();
          return;
        }
        bodies.push(JSON.parse(body) as Record<string, unknown>);
        response.writeHead(200, { 'content-type': 'image/png' }).end(png);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}${prefix}`,
      bodies,
      png,
      close: () => new Promise((r) => server.close(r)),
    };
  }

  it('has the QuickChart server draw a chart too long for an image link, and uploads its PNG', async () => {
    const qc = await fakeQuickChart('/qc');
    try {
      const spec = trainingSpec({ width: 800, height: 450 });
      const renderer = createChartRenderer({
        renderer: 'quickchart',
        quickchartUrl: `${qc.url}/`,
        outputDir: dir,
      });
      expect(renderer.kind).toBe('quickchart');
      const out = await renderer.render(spec, 'run-3-qc');
      if (out.kind !== 'file') throw new Error('expected a file');
      expect(await readFile(out.path)).toEqual(qc.png);
      expect(qc.bodies).toHaveLength(1);
      const body = qc.bodies[0] as {
        chart: string;
        width: number;
        height: number;
        version: string;
        backgroundColor: string;
      };
      expect(JSON.parse(body.chart)).toStrictEqual(spec.config);
      expect([body.width, body.height, body.version, body.backgroundColor]).toEqual([800, 450, '4', 'white']);
    } finally {
      await qc.close();
    }
  });

  it('draws locally, and says so, when the QuickChart server cannot be reached', async () => {
    const qc = await fakeQuickChart();
    await qc.close();
    const warnings: string[] = [];
    const renderer = createChartRenderer({
      renderer: 'quickchart',
      quickchartUrl: qc.url,
      outputDir: dir,
      onWarning: (message) => warnings.push(message),
    });
    const out = await renderer.render(trainingSpec(), 'run-3-offline');
    if (out.kind !== 'file') throw new Error('expected a file');
    expect((await readFile(out.path)).subarray(1, 4).toString()).toBe('PNG');
    expect(warnings).toEqual([
      expect.stringMatching(
        /QuickChart at http:\/\/127\.0\.0\.1:\d+ did not draw run-3-offline .*; drawn locally/,
      ),
    ]);
  });

  it('fails at creation with the key to fix when the QuickChart URL is not an http(s) URL', () => {
    for (const quickchartUrl of [
      'quickchart.io',
      'ftp://quickchart.io',
      'https://quickchart.io/?key=1',
      undefined,
    ]) {
      expect(() => createChartRenderer({ renderer: 'quickchart', quickchartUrl, outputDir: dir })).toThrow(
        ConfigError,
      );
    }
    expect(() =>
      createChartRenderer({ renderer: 'quickchart', quickchartUrl: 'ftp://q', outputDir: dir }),
    ).toThrow(/charts\.quickchartUrl must be an http\(s\) URL/);
  });
});
