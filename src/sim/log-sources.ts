import type { TaoDialect } from '../pipeline/tao/types.js';
import type { LogSource } from './console.js';

/**
 * The Python loggers whose lines TAO's console shows, with the module names of TAO 5's TF1 code
 * (`nvidia_tao_tf1`) and the names TAO 3/4 printed. Line numbers are those of the logging calls in TAO 5.0's
 * sources as near as we know them; parsers must not depend on them.
 */
export const LOG = {
  /** `StatusLogger.write` echoes every status.json message through the root logger. */
  statusEcho: { name: 'root', line: 168 },
  statusFileExists: { name: 'nvidia_tao_tf1.cv.common.logging.logging', line: 196, legacyName: 'root' },
  trainLoading: { name: '__main__', line: 276 },
  trainImages: { name: '__main__', line: 357 },
  trainFinished: { name: '__main__', line: 599 },
  trainInterrupted: { name: '__main__', line: 605 },
  pruningGraph: {
    name: 'nvidia_tao_tf1.core.pruning.pruning',
    line: 1003,
    legacyName: 'modulus.pruning.pruning',
  },
  pruningAppend: {
    name: 'nvidia_tao_tf1.core.pruning.pruning',
    line: 1104,
    legacyName: 'modulus.pruning.pruning',
  },
  pruneRatio: { name: 'nvidia_tao_tf1.cv.common.magnet_prune', line: 226, legacyName: '__main__' },
  exportSaving: { name: 'nvidia_tao_tf1.cv.common.export.app', line: 264, legacyName: '__main__' },
  exportExporter: {
    name: 'nvidia_tao_tf1.cv.common.export.keras_exporter',
    line: 429,
    legacyName: 'iva.common.export.keras_exporter',
  },
  deployBuilder: { name: 'nvidia_tao_deploy.engine.builder', line: 207 },
  deployCalibrator: { name: 'nvidia_tao_deploy.engine.calibrator', line: 172 },
} as const satisfies Record<string, LogSource>;

/** Where TAO's Python sources live inside its container, for tracebacks. */
export function taoSourcePath(dialect: TaoDialect, module: string): string {
  return dialect === 'tao5'
    ? `/usr/local/lib/python3.8/dist-packages/nvidia_tao_tf1/${module}`
    : `/usr/local/lib/python3.6/dist-packages/iva/${module.replace(/^cv\//, '')}`;
}
