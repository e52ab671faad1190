import type { TaoVersion } from '../types.js';

export type DeviceTool = 'trtexec' | 'tao-converter';

/**
 * The tool that builds a TensorRT engine on the device: trtexec reads TAO 5's `.onnx`; tao-converter decrypts TAO
 * 3/4's `.etlt`. Either way the engine is then benchmarked with `trtexec --loadEngine`.
 */
export function deviceToolFor(version: TaoVersion): DeviceTool {
  return version >= 5 ? 'trtexec' : 'tao-converter';
}
