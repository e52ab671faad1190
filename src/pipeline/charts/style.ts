/**
 * The look every chart shares, so a channel full of charts reads as one family: sizes, fonts, a small
 * colour-blind-safe palette (Okabe–Ito, without its yellow, which vanishes on white), and the title block.
 */

export const DEFAULT_WIDTH = 1000;
export const DEFAULT_HEIGHT = 560;

export const PALETTE = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#000000',
  '#7F7F7F',
];

/** Colour of the SIMULATED subtitle: loud on purpose, a simulated run must not pass for a real one. */
export const SIMULATED_COLOR = '#C00000';
export const SIMULATED_TEXT = 'SIMULATED: not a real TAO run';

/** The n-th palette colour; cycles past the end (see `dashAt` for telling cycled series apart). */
export const colorAt = (index: number): string => PALETTE[index % PALETTE.length] ?? '#000000';

/** Solid for the first pass through the palette, then dashed, so a 9th series is not a twin of the 1st. */
export const dashAt = (index: number): number[] => (index < PALETTE.length ? [] : [8, 4]);

/** `#RRGGBB` plus an alpha, for fills that must not hide what is behind them. */
export const withAlpha = (hex: string, alpha: number): string =>
  `${hex}${Math.round(alpha * 255)
    .toString(16)
    .padStart(2, '0')}`;

const TEXT_COLOR = '#222222';
const GRID_COLOR = '#E5E5E5';

/** A title font of the given size; Chart.js' own default (12 px, grey) is too small for chat previews. */
const font = (size: number, bold = false) => ({
  size,
  weight: bold ? ('bold' as const) : ('normal' as const),
});

/** An axis title with its unit, e.g. `axisTitle('model size (MB)')`. */
export const axisTitle = (text: string) => ({ display: true, text, color: TEXT_COLOR, font: font(15, true) });

/** Tick and grid styling for any axis; `grid: false` keeps a second y axis from doubling the grid lines. */
export const axisStyle = (grid = true) => ({
  ticks: { color: TEXT_COLOR, font: font(13) },
  grid: { color: GRID_COLOR, drawOnChartArea: grid },
});

/**
 * Title, SIMULATED subtitle, legend and the static-render switches every chart shares. `simulated` is the
 * subtitle's text when the chart shows simulated data (see `SIMULATED_TEXT`), or null for real data.
 */
export function baseOptions(title: string, simulated: string | null) {
  return {
    animation: false as const,
    responsive: false,
    maintainAspectRatio: false,
    devicePixelRatio: 1,
    color: TEXT_COLOR,
    plugins: {
      title: {
        display: true,
        text: title,
        color: TEXT_COLOR,
        font: font(20, true),
        padding: { top: 8, bottom: 4 },
      },
      subtitle: {
        display: simulated !== null,
        text: simulated ?? '',
        color: SIMULATED_COLOR,
        font: font(16, true),
        padding: { bottom: 8 },
      },
      legend: { display: true, position: 'top' as const, labels: { color: TEXT_COLOR, font: font(14) } },
      tooltip: { enabled: false },
    },
  };
}

/** The one-line title for alt text and upload names; it carries the SIMULATED mark too. */
export const specTitle = (title: string, simulated: boolean): string =>
  simulated ? `${title} (SIMULATED)` : title;

/** `Run #12 · ssd_resnet18`: how every per-run chart starts its title. */
export const runTitle = (runId: number, model: string): string => `Run #${runId} · ${model}`;
