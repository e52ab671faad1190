import { posix } from 'node:path';
import { checkpointExtension, type Network, type TaoVersion } from './types.js';

/**
 * The file names TAO gives to what a training run writes, per the reference notes on TAO's formats (§1.1, §5).
 * Paths are POSIX because they name files on the GPU server, whatever machine taobot runs on.
 */

/** `arch + nlayers` for the families TAO numbers (resnet18, darknet53, vgg16), the plain arch otherwise. */
export function archName(arch: string, nlayers?: number): string {
  const numbered = ['resnet', 'darknet', 'vgg'].includes(arch);
  return numbered && nlayers !== undefined ? `${arch}${nlayers}` : arch;
}

/** The Keras CSV log: `<network>_training_log_<arch>.csv`, e.g. `ssd_training_log_resnet18.csv`. */
export function trainingCsvFileName(network: Network, arch: string, nlayers?: number): string {
  return `${network}_training_log_${archName(arch, nlayers)}.csv`;
}

/** `weights/ssd_resnet18_epoch_080.hdf5` (TAO 5) or `.tlt` (TAO 3/4); epochs are 1-indexed, 3 digits. */
export function checkpointFileName(
  network: Network,
  arch: string,
  nlayers: number | undefined,
  epoch: number,
  version: TaoVersion,
): string {
  const padded = String(epoch).padStart(3, '0');
  return `${network}_${archName(arch, nlayers)}_epoch_${padded}${checkpointExtension(version)}`;
}

export function checkpointPath(
  resultsDir: string,
  network: Network,
  arch: string,
  nlayers: number | undefined,
  epoch: number,
  version: TaoVersion,
): string {
  return posix.join(resultsDir, 'weights', checkpointFileName(network, arch, nlayers, epoch, version));
}

const CHECKPOINT_NAME = /^(?<stem>[a-z0-9_]+?)_epoch_(?<epoch>\d{3,})\.(?<ext>hdf5|tlt)$/;

/** Reads a checkpoint file name back: its epoch and extension, or null for any other file. */
export function parseCheckpointFileName(
  fileName: string,
): { stem: string; epoch: number; extension: '.hdf5' | '.tlt' } | null {
  const match = CHECKPOINT_NAME.exec(posix.basename(fileName));
  if (!match?.groups) return null;
  return {
    stem: match.groups.stem as string,
    epoch: Number(match.groups.epoch),
    extension: `.${match.groups.ext}` as '.hdf5' | '.tlt',
  };
}
