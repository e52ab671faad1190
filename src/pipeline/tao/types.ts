/**
 * Facts about TAO that every part of the TAO layer shares. See the project's reference notes on TAO's
 * formats: TAO 3 and 4 share one command dialect (`tao ssd train`, `.tlt` checkpoints, `.etlt` exports);
 * TAO 5 has another (`tao model ssd train`, `.hdf5` checkpoints, `.onnx` exports, `tao deploy`).
 */
export type TaoVersion = 3 | 4 | 5;

/** The command dialect a TAO version speaks. */
export type TaoDialect = 'tao4' | 'tao5';

export const dialectOf = (version: TaoVersion): TaoDialect => (version >= 5 ? 'tao5' : 'tao4');

/** Detector networks of TAO's TF1 family. SSD is the one taobot drives first; the rest share most formats. */
export const NETWORKS = ['ssd', 'dssd', 'retinanet', 'yolo_v3', 'yolo_v4', 'yolo_v4_tiny'] as const;
export type Network = (typeof NETWORKS)[number];

/** Checkpoint file extension by dialect: `.hdf5` on TAO 5, encrypted `.tlt` on TAO 3/4. */
export const checkpointExtension = (version: TaoVersion): '.hdf5' | '.tlt' =>
  version >= 5 ? '.hdf5' : '.tlt';

/** Exported model extension by dialect: `.onnx` on TAO 5, `.etlt` on TAO 3/4. */
export const exportExtension = (version: TaoVersion): '.onnx' | '.etlt' => (version >= 5 ? '.onnx' : '.etlt');

export type Precision = 'fp32' | 'fp16' | 'int8';
