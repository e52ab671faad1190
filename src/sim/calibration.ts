import { existsSync, mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { unit } from './curves.js';
import type { SimulatedModelHeader } from './model-file.js';

/** Tensors whose INT8 scales the calibration files list (SSD-ResNet18's main activations). */
const TENSORS = [
  'Input',
  'conv1/convolution',
  'activation_1/Relu',
  'block_1a_relu/Relu',
  'block_2a_relu/Relu',
  'block_3a_relu/Relu',
  'block_4a_relu/Relu',
  'ssd_conf_0/BiasAdd',
  'ssd_loc_0/BiasAdd',
  'NMS',
];

function scale(seed: number, tensor: string): number {
  return tensor === 'Input' ? 1 / 127 : 0.002 + 0.05 * unit(seed, 'int8-scale', tensor);
}

function ensureDir(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
}

/** A TensorRT 8.5 calibration cache: the calibrator's name, then `tensor: <float32 scale as hex>` per line. */
export function writeCalibrationCache(path: string, model: SimulatedModelHeader): void {
  ensureDir(path);
  const lines = ['TRT-8502-EntropyCalibration2'];
  for (const tensor of TENSORS) {
    const bits = Buffer.alloc(4);
    bits.writeFloatBE(scale(model.seed, tensor));
    lines.push(`${tensor}: ${bits.toString('hex')}`);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

/** The tensor scales TAO 5 export writes for a QAT model (`--cal_json_file`). */
export function writeQatCalibrationJson(path: string, model: SimulatedModelHeader): void {
  ensureDir(path);
  const scales = Object.fromEntries(TENSORS.map((t) => [t, scale(model.seed, t) * 127]));
  writeFileSync(
    path,
    `${JSON.stringify({ tensor_scales: scales, simulated_by: 'taobot tao-sim' }, null, 2)}\n`,
  );
}

/**
 * The calibration tensorfile TAO builds from `--cal_image_dir` when `--cal_data_file` does not exist yet:
 * `batches × batch` preprocessed images, float32 CHW, as a sparse file behind a short simulated header.
 */
export function ensureCalibrationTensorfile(
  path: string,
  model: SimulatedModelHeader,
  batches: number,
  batchSize: number,
): void {
  if (existsSync(path)) return;
  ensureDir(path);
  const { channels, height, width } = model.input;
  writeFileSync(
    path,
    `TAOBOT-SIMULATED-TENSORFILE\n${JSON.stringify({ batches, batchSize, channels, height, width })}\n`,
  );
  truncateSync(path, 4096 + batches * batchSize * channels * height * width * 4);
}
