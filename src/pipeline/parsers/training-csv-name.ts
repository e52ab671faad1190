/**
 * The name TAO gives the Keras training log, from NVIDIA's train scripts: `<prefix>training_log_<arch>.csv`
 * in the results directory, e.g. `ssd_training_log_resnet18.csv`.
 */

/** The prefix each network's train script puts before `training_log_`. */
const CSV_PREFIX: Readonly<Record<string, string>> = {
  ssd: 'ssd_',
  dssd: 'dssd_',
  retinanet: 'retinanet_',
  yolo_v3: 'yolov3_',
  yolo_v4: 'yolov4_',
  yolo_v4_tiny: 'yolov4_',
};

/** Backbones whose layer count is part of the name (resnet18, darknet53, vgg16). */
const NUMBERED_ARCHS = new Set(['resnet', 'darknet', 'vgg']);

/** YOLOv4 (and v4-tiny, which runs the same code) also numbers cspdarknet: `cspdarknet53`. */
const YOLO_V4_NUMBERED = new Set([...NUMBERED_ARCHS, 'cspdarknet']);

/**
 * The CSV file name for a network and backbone, or `null` for a network that writes no Keras CSV
 * (DetectNet_v2 logs through TF-estimator hooks; read its status.json or console instead).
 *
 * @example trainingCsvFileName('ssd', 'resnet', 18) // 'ssd_training_log_resnet18.csv'
 */
export function trainingCsvFileName(network: string, arch: string, nlayers?: number): string | null {
  const prefix = CSV_PREFIX[network];
  if (prefix === undefined) return null;
  const numbered = network.startsWith('yolo_v4') ? YOLO_V4_NUMBERED : NUMBERED_ARCHS;
  const archName = numbered.has(arch) && nlayers !== undefined ? `${arch}${nlayers}` : arch;
  return `${prefix}training_log_${archName}.csv`;
}
