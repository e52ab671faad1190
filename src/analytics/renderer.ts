import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import { type ChartRenderer, createChartRenderer } from '../pipeline/charts/render.js';

const renderers = new WeakMap<Config, ChartRenderer>();

/**
 * The chart renderer the configuration asks for (`charts.renderer`: local PNGs under `<dataDir>/charts`, or
 * QuickChart URLs), one per configuration, the same module the run charts go through.
 */
export function chartRendererFor(config: Config, logger: Logger): ChartRenderer {
  let renderer = renderers.get(config);
  if (!renderer) {
    renderer = createChartRenderer({
      renderer: config.charts.renderer,
      quickchartUrl: config.charts.quickchartUrl,
      outputDir: join(config.dataDir, 'charts'),
      onWarning: (message) => logger.warn(message),
    });
    renderers.set(config, renderer);
  }
  return renderer;
}

/** Renders a chart into a card image, or nothing when it fails (the card is still worth posting). */
export async function renderForCard(
  renderer: ChartRenderer,
  spec: Parameters<ChartRenderer['render']>[0] | null,
  fileStem: string,
  logger: Logger,
): Promise<{ path?: string; url?: string } | undefined> {
  if (!spec) return undefined;
  try {
    const rendered = await renderer.render(spec, fileStem);
    return rendered.kind === 'file' ? { path: rendered.path } : { url: rendered.url };
  } catch (error) {
    logger.warn({ err: error, chart: fileStem }, 'chart could not be rendered');
    return undefined;
  }
}
