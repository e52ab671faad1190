import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartItem,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  type Plugin,
  PointElement,
  ScatterController,
  SubTitle,
  Title,
} from 'chart.js';
import quickchartModule from 'quickchart-js';
import { ConfigError, UsageError } from '../../shared/errors.js';
import type { ChartKind, ChartSpec } from './types.js';

/**
 * The one module that draws charts. `local` renders Chart.js on a @napi-rs/canvas to a PNG file (private,
 * offline); `quickchart` turns the config into a QuickChart URL (quickchart.io or a self-hosted server), with
 * no network call here: the chat platform fetches the image.
 */
export interface ChartRendererOptions {
  readonly renderer: 'local' | 'quickchart';
  /** QuickChart's base URL, e.g. `https://quickchart.io` or `http://charts.lab:3400/qc`. */
  readonly quickchartUrl?: string;
  /** Where local PNGs go (created when missing), typically `<dataDir>/charts`. */
  readonly outputDir: string;
  /** Told once when no font can be found, so text on local charts would not show. */
  readonly onWarning?: (message: string) => void;
}

export type RenderedChart =
  | { readonly kind: 'file'; readonly path: string; readonly bytes: number }
  | { readonly kind: 'url'; readonly url: string };

export interface ChartRenderer {
  readonly kind: 'local' | 'quickchart';
  /** Draws `spec`; `fileStem` names the PNG (`<outputDir>/<fileStem>.png`), letters, digits, `.`, `_`, `-`. */
  render(spec: ChartSpec, fileStem: string, options?: { signal?: AbortSignal }): Promise<RenderedChart>;
}

// quickchart-js ships ES module code with CommonJS-style typings: under NodeNext its types describe the default
// import as the module object, while at run time the default import is the QuickChart class itself.
const QuickChart = quickchartModule as unknown as typeof quickchartModule.default;

/** The longest image link every chat platform taobot speaks takes (Discord's embed image URL limit). */
export const MAX_IMAGE_URL = 2048;

const FILE_STEM = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

let registered = false;
/** Only what the builders use, registered explicitly so nothing else of Chart.js is pulled in. */
function registerChartJs(): void {
  if (registered) return;
  Chart.register(LineController, BarController, ScatterController, LineElement, PointElement, BarElement);
  Chart.register(CategoryScale, LinearScale, Title, SubTitle, Legend);
  registered = true;
}

let fontsChecked = false;
/** Where fonts usually live when the canvas library's own discovery (fontconfig) found none. */
const FONT_DIRS = [
  '/usr/share/fonts',
  '/usr/local/share/fonts',
  join(homedir(), '.local/share/fonts'),
  join(homedir(), '.fonts'),
  '/System/Library/Fonts',
  '/Library/Fonts',
  'C:\\Windows\\Fonts',
];

/** Skia draws no text at all without a font, so look for one once and say so when there is none. */
function ensureFonts(warn: (message: string) => void): void {
  if (fontsChecked) return;
  fontsChecked = true;
  if (GlobalFonts.families.length > 0) return;
  for (const dir of FONT_DIRS) GlobalFonts.loadFontsFromDir(dir);
  const first = GlobalFonts.families[0]?.family;
  if (first === undefined) {
    warn('no fonts found: local charts will have no text; install a TrueType font (e.g. fonts-dejavu-core)');
    return;
  }
  // Fonts loaded by hand are not matched to the generic family the configs end with.
  GlobalFonts.setAlias(first, 'sans-serif');
}

/** Chat clients show transparent PNGs on dark themes as black on black; paint the canvas white first. */
const whiteBackground: Plugin<ChartKind> = {
  id: 'taobotWhiteBackground',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = '#FFFFFF';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

/** Writes a point's `label` (size-vs-mAP points carry one) beside it; QuickChart shows them in tooltips only. */
const pointLabels: Plugin<ChartKind> = {
  id: 'taobotPointLabels',
  afterDatasetsDraw(chart) {
    const { ctx, chartArea } = chart;
    ctx.save();
    ctx.font = '13px sans-serif';
    ctx.fillStyle = '#222222';
    ctx.textBaseline = 'bottom';
    for (const [datasetIndex, dataset] of chart.data.datasets.entries()) {
      const meta = chart.getDatasetMeta(datasetIndex);
      if (meta.hidden) continue;
      for (const [index, raw] of dataset.data.entries()) {
        const element = meta.data[index];
        if (element === undefined || typeof raw !== 'object' || raw === null || !('label' in raw)) continue;
        const text = String(raw.label);
        // Left of the point when the text would run past the plot's right edge.
        const right = element.x + 8 + ctx.measureText(text).width <= chartArea.right;
        ctx.textAlign = right ? 'left' : 'right';
        ctx.fillText(text, element.x + (right ? 8 : -8), element.y - 6);
      }
    }
    ctx.restore();
  },
};

async function drawPng(spec: ChartSpec, warn: (message: string) => void): Promise<Buffer> {
  registerChartJs();
  ensureFonts(warn);
  const canvas = createCanvas(spec.width, spec.height);
  // Chart.js patches the arrays it is given to watch them, so it gets a copy and the spec stays a plain value.
  const config = structuredClone(spec.config);
  // With animation off, the constructor draws synchronously; in Node Chart.js picks its BasicPlatform itself.
  const chart = new Chart(canvas as unknown as ChartItem, {
    ...config,
    plugins: [whiteBackground, pointLabels],
  });
  try {
    return await canvas.encode('png');
  } finally {
    // destroy() clears the canvas, so it runs only once the PNG is encoded.
    chart.destroy();
  }
}

/** Writes beside the target and renames, so a reader never sees half a PNG. */
async function writePng(path: string, png: Buffer, signal: AbortSignal | undefined): Promise<void> {
  const aside = `${path}.${randomUUID()}.tmp`;
  try {
    await writeFile(aside, png, { signal });
    signal?.throwIfAborted();
    await rename(aside, path);
  } catch (error) {
    await rm(aside, { force: true });
    throw error;
  }
}

/** A path to the first function (or other value JSON drops) inside `value`, or null when it is plain data. */
function firstNonJson(value: unknown, path: string): string | null {
  if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') return path;
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, child] of Object.entries(value)) {
    const found = firstNonJson(child, `${path}.${key}`);
    if (found !== null) return found;
  }
  return null;
}

/** `https://host[:port][/prefix]` → the scheme and the host-plus-prefix quickchart-js puts before `/chart`. */
function parseQuickchartUrl(raw: string | undefined): { scheme: string; host: string } {
  const hint = 'charts.quickchartUrl must be an http(s) URL such as https://quickchart.io';
  let url: URL;
  try {
    url = new URL(raw ?? '');
  } catch (error) {
    throw new ConfigError(`${hint}, got ${JSON.stringify(raw ?? '')}`, { cause: error });
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search !== '' || url.hash !== '') {
    throw new ConfigError(`${hint} (no query or fragment), got ${JSON.stringify(raw)}`);
  }
  return { scheme: url.protocol.slice(0, -1), host: `${url.host}${url.pathname.replace(/\/+$/, '')}` };
}

function checkSpec(spec: ChartSpec, fileStem: string): void {
  if (!FILE_STEM.test(fileStem) || fileStem.includes('..')) {
    throw new UsageError(
      `chart file name ${JSON.stringify(fileStem)} must be letters, digits, '.', '_' or '-'`,
    );
  }
  const bad = firstNonJson(spec.config, 'config');
  if (bad !== null) {
    throw new UsageError(
      `chart configs must be plain data (QuickChart gets them as JSON); found a function at ${bad}`,
    );
  }
}

/**
 * Creates the renderer the config asks for. A bad `quickchartUrl` is a `ConfigError` here, not at the first chart.
 *
 * @example
 * const charts = createChartRenderer({ renderer: 'local', outputDir: join(dataDir, 'charts') });
 * const out = await charts.render(spec, 'run-12-epoch-40'); // { kind: 'file', path, bytes }
 */
export function createChartRenderer(options: ChartRendererOptions): ChartRenderer {
  if (options.renderer === 'quickchart') {
    const { scheme, host } = parseQuickchartUrl(options.quickchartUrl);
    // Chat platforms refuse long image links (Discord embeds take 2,048 characters, Slack image blocks 3,000), and
    // a styled Chart.js config is longer than that even for two epochs. So a chart whose link would be too long is
    // drawn by the QuickChart server (POST /chart), saved and uploaded as a PNG; if that server cannot be reached,
    // it is drawn here.
    const local = createChartRenderer({ ...options, renderer: 'local' });
    const warn = options.onWarning ?? (() => {});
    return {
      kind: 'quickchart',
      async render(spec, fileStem, { signal } = {}) {
        signal?.throwIfAborted();
        checkSpec(spec, fileStem);
        const chart = new QuickChart()
          // A JSON string, not the object: quickchart-js would print the object as JavaScript source.
          .setConfig(JSON.stringify(spec.config))
          .setWidth(spec.width)
          .setHeight(spec.height)
          .setBackgroundColor('white')
          // The configs are Chart.js 4; QuickChart draws with 2.9 unless told otherwise.
          .setVersion('4')
          .setScheme(scheme)
          .setHost(host);
        const url = chart.getUrl();
        if (url.length <= MAX_IMAGE_URL) return { kind: 'url', url };
        try {
          const png = Buffer.from(await chart.toBinary());
          signal?.throwIfAborted();
          await mkdir(options.outputDir, { recursive: true });
          const path = join(options.outputDir, `${fileStem}.png`);
          await writePng(path, png, signal);
          return { kind: 'file', path, bytes: png.byteLength };
        } catch (error) {
          if (signal?.aborted) throw error;
          warn(
            `QuickChart at ${scheme}://${host} did not draw ${fileStem} (${(error as Error).message}); drawn locally`,
          );
          return local.render(spec, fileStem, { signal });
        }
      },
    };
  }
  const warn = options.onWarning ?? (() => {});
  return {
    kind: 'local',
    async render(spec, fileStem, { signal } = {}) {
      signal?.throwIfAborted();
      checkSpec(spec, fileStem);
      const png = await drawPng(spec, warn);
      signal?.throwIfAborted();
      await mkdir(options.outputDir, { recursive: true });
      const path = join(options.outputDir, `${fileStem}.png`);
      await writePng(path, png, signal);
      return { kind: 'file', path, bytes: png.byteLength };
    },
  };
}
