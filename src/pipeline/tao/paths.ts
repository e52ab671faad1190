import { posix } from 'node:path';
import { checkpointExtension, type TaoVersion } from './types.js';

/**
 * The file names TAO gives to what a training run writes, per the reference notes on TAO's formats (§1.1, §5)
 * and NVIDIA's train scripts. Paths are POSIX because they name files on the GPU server, whatever machine taobot
 * runs on. This is the one place these names are spelled.
 */

/** The prefix each network's scripts put on its files: YOLO drops the underscore (`yolov4_…`). */
const FILE_PREFIX: Readonly<Record<string, string>> = {
  ssd: 'ssd',
  dssd: 'dssd',
  retinanet: 'retinanet',
  yolo_v3: 'yolov3',
  yolo_v4: 'yolov4',
  yolo_v4_tiny: 'yolov4',
};

/** Backbones whose layer count is part of the name (resnet18, darknet53, vgg16). */
const NUMBERED_ARCHS = new Set(['resnet', 'darknet', 'vgg']);
/** YOLOv4 (and v4-tiny, which runs the same code) also numbers cspdarknet: `cspdarknet53`. */
const YOLO_V4_NUMBERED = new Set([...NUMBERED_ARCHS, 'cspdarknet']);

/** `arch + nlayers` for the families TAO numbers (resnet18, darknet53, vgg16), the plain arch otherwise. */
export function archName(arch: string, nlayers?: number, network = 'ssd'): string {
  const numbered = network.startsWith('yolo_v4') ? YOLO_V4_NUMBERED : NUMBERED_ARCHS;
  return numbered.has(arch) && nlayers !== undefined ? `${arch}${nlayers}` : arch;
}

/**
 * The Keras CSV log, e.g. `ssd_training_log_resnet18.csv`; null for a network that writes none (DetectNet_v2
 * logs through TF-estimator hooks: read its status.json or console instead).
 */
export function trainingCsvFileName(network: string, arch: string, nlayers?: number): string | null {
  const prefix = FILE_PREFIX[network];
  if (prefix === undefined) return null;
  return `${prefix}_training_log_${archName(arch, nlayers, network)}.csv`;
}

/** `ssd_resnet18_epoch_080.hdf5` (TAO 5) or `.tlt` (TAO 3/4); epochs are 1-indexed, 3 digits. */
export function checkpointFileName(
  network: string,
  arch: string,
  nlayers: number | undefined,
  epoch: number,
  version: TaoVersion,
): string {
  const padded = String(epoch).padStart(3, '0');
  const prefix = FILE_PREFIX[network] ?? network;
  return `${prefix}_${archName(arch, nlayers, network)}_epoch_${padded}${checkpointExtension(version)}`;
}

export function checkpointPath(
  resultsDir: string,
  network: string,
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
