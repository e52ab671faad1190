import type { EpochPoint } from '../../../src/pipeline/charts/types.js';
import { readFixture } from '../../helpers/fixtures.js';

/**
 * Epoch points read from the real TLT 2 SSD-ResNet18 console excerpt: the Keras lines give the epoch, its
 * seconds and loss, and the AP table evaluated after the last epoch gives that epoch's mAP. `block` 0 is the
 * unpruned training, 1 the retraining of the pruned model.
 */
export function tlt2EpochPoints(block: 0 | 1): { points: EpochPoint[]; totalEpochs: number } {
  const text = readFixture('tao', 'tlt2_ssd_resnet18_train_console_spoonbobo.txt');
  const section = text.split('Training results after 80 epoch')[block + 1] ?? '';
  const points: EpochPoint[] = [];
  let totalEpochs = 0;
  for (const match of section.matchAll(
    /Epoch (\d+)\/(\d+)\n\t\d+\/\d+ \[=+\] - (\d+)s \S+ - loss: ([\d.]+)/g,
  )) {
    points.push({ epoch: Number(match[1]), epochSeconds: Number(match[3]), loss: Number(match[4]) });
    totalEpochs = Number(match[2]);
  }
  const map = /^\s+mAP\s+(\S+)$/m.exec(section);
  const last = points.at(-1);
  if (last === undefined || map === null)
    throw new Error('the TLT 2 console fixture no longer has epochs and mAP');
  points[points.length - 1] = { ...last, map: Number(map[1]) };
  return { points, totalEpochs };
}
