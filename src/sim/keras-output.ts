import { pyFixed, pyFloat, pyRound, pyScientific } from './py-format.js';

/**
 * Keras 2.2's `Progbar` (verbose=1) as it writes into a log: every frame starts with backspaces over the previous
 * frame and a `\r`; only the last frame of an epoch (`85/85 [====…] - 48s 565ms/step - loss: 1.7293`) ends in a
 * newline.
 */
export class Progbar {
  private totalWidth = 0;

  constructor(
    private readonly target: number,
    private readonly width = 30,
  ) {}

  /** The frame after `current` steps, `elapsed` simulated seconds into the epoch, with the running mean loss. */
  frame(current: number, elapsed: number, loss: number): string {
    const previousWidth = this.totalWidth;
    const digits = Math.floor(Math.log10(this.target)) + 1;
    let bar = `${String(current).padStart(digits)}/${this.target} [`;
    const progressWidth = Math.floor((this.width * current) / this.target);
    if (progressWidth > 0) bar += `${'='.repeat(progressWidth - 1)}${current < this.target ? '>' : '='}`;
    bar += `${'.'.repeat(this.width - progressWidth)}]`;
    this.totalWidth = bar.length;
    const perStep = current > 0 ? elapsed / current : 0;
    let info: string;
    if (current < this.target) {
      info = ` - ETA: ${formatEta(perStep * (this.target - current))}`;
    } else {
      info = ` - ${pyFixed(elapsed, 0)}s`;
      if (perStep >= 1) info += ` ${pyFixed(perStep, 0)}s/step`;
      else if (perStep >= 1e-3) info += ` ${pyFixed(perStep * 1e3, 0)}ms/step`;
      else info += ` ${pyFixed(perStep * 1e6, 0)}us/step`;
    }
    info += ` - loss: ${Math.abs(loss) > 1e-3 || Number.isNaN(loss) ? pyFixed(loss, 4) : pyScientific(loss, 4)}`;
    this.totalWidth += info.length;
    if (previousWidth > this.totalWidth) info += ' '.repeat(previousWidth - this.totalWidth);
    if (current >= this.target) info += '\n';
    return `${'\b'.repeat(previousWidth)}\r${bar}${info}`;
  }
}

function formatEta(eta: number): string {
  const whole = Math.trunc(eta);
  if (eta > 3600) {
    return `${Math.trunc(eta / 3600)}:${pad2(Math.trunc((eta % 3600) / 60))}:${pad2(whole % 60)}`;
  }
  if (eta > 60) return `${Math.trunc(eta / 60)}:${pad2(whole % 60)}`;
  return `${whole}s`;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * A tqdm bar as it ends: `Producing predictions: 100%|██████████| 22/22 [00:05<00:00,  4.12it/s]`.
 */
export function tqdmDone(description: string, total: number, seconds: number): string {
  const rate = seconds > 0 ? total / seconds : 0;
  const clock = `${pad2(Math.trunc(seconds / 60))}:${pad2(Math.trunc(seconds % 60))}`;
  return `${description}: 100%|${'█'.repeat(10)}| ${total}/${total} [${clock}<00:00, ${rate.toFixed(2).padStart(5)}it/s]`;
}

/**
 * The AP table TAO prints after validation (`"{:<14}{:<6}{}".format(cls, 'AP', round(ap, n))`): 5 decimals during
 * training, 3 in standalone evaluate. Class names of 14 characters or more run into `AP`, as in TAO.
 */
export function apTable(
  classes: readonly string[],
  ap: Readonly<Record<string, number>>,
  mAP: number,
  decimals: number,
): string[] {
  const row = (name: string, label: string, value: number): string =>
    `${name.padEnd(14)}${label.padEnd(6)}${pyFloat(pyRound(value, decimals))}`;
  return [
    '*******************************',
    ...classes.map((c) => row(c, 'AP', ap[c] ?? 0)),
    row('', 'mAP', mAP),
    '*******************************',
  ];
}
