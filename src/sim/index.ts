/**
 * taobot's TAO simulator: a stand-in for the `tao` launcher, `trtexec` and `tao-converter` that writes what TAO
 * writes, without a GPU (`taobot tao-sim …`). The rest of taobot uses the exports below to recognise simulated
 * output.
 * @example
 * const code = await runSimulator(['model', 'ssd', 'train', '-e', spec, '-r', dir], { stdout, stderr, env, cwd });
 * if (await isSimulatedResultsDir(dir)) { … }
 */
export type { SimIo } from './io.js';
export { runSimulator } from './main.js';
export {
  isSimulatedResultsDir,
  parseSimulatedModelHeader,
  readSimulatedModelHeader,
  SIMULATED_MARKER_FILE,
  SIMULATED_MODEL_MAGIC,
  type SimulatedModelHeader,
  type SimulatedModelKind,
} from './model-file.js';
