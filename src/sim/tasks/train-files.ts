import { appendFileSync, writeFileSync } from 'node:fs';
import { type PyJson, pyFloat, pyFloat32 } from '../py-format.js';
import type { EpochMetrics } from './train-metrics.js';

/**
 * Keras' CSVLogger as TAO uses it (`OneIndexedCSVLogger`, append=False): the file is recreated when training
 * begins, the header (`epoch` then the sorted log keys) comes with the first row, epochs are 1-indexed, rows end
 * in `\r\n` (Python's csv module) and each row is flushed as it is written.
 */
export class KerasCsvLog {
  private keys: string[] | null = null;

  constructor(private readonly path: string) {
    writeFileSync(path, '');
  }

  append(epoch: number, logs: Readonly<Record<string, string>>): void {
    if (this.keys === null) {
      this.keys = Object.keys(logs).sort();
      appendFileSync(this.path, `${['epoch', ...this.keys].join(',')}\r\n`);
    }
    const row = [String(epoch), ...this.keys.map((k) => logs[k] ?? 'NA')];
    appendFileSync(this.path, `${row.join(',')}\r\n`);
  }
}

/**
 * An epoch's Keras `logs`, rendered as Python's `str()` renders them, in the order TAO's callbacks insert the
 * keys: loss (float32), lr (float32), then the metric callback's keys, which come in a different order on
 * validation epochs (`validation_loss` first) than on skipped ones (`nan` values, `validation_loss` last).
 */
export function epochLogs(m: EpochMetrics, classes: readonly string[]): Record<string, string> {
  const logs: Record<string, string> = { loss: pyFloat32(m.loss), lr: pyFloat32(m.lr) };
  if (m.validated) {
    logs.validation_loss = pyFloat(m.validationLoss);
    for (const c of classes) logs[`AP_${c}`] = pyFloat(m.quality.ap[c] ?? 0);
    logs.mAP = pyFloat(m.quality.mAP);
  } else {
    for (const c of classes) logs[`AP_${c}`] = 'nan';
    logs.mAP = 'nan';
    logs.validation_loss = 'nan';
  }
  return logs;
}

const KEY_MAP: Record<string, string> = { loss: 'loss', lr: 'learning_rate', mAP: 'mean average precision' };

/**
 * TAOStatusLogger's `graphical` and `kpi` for an epoch (`cv/common/callbacks/loggers.py`): string values, keys
 * renamed, AP_<class> left out.
 */
export function statusMetrics(logs: Readonly<Record<string, string>>): {
  graphical: Record<string, PyJson>;
  kpi: Record<string, PyJson>;
} {
  const graphical: Record<string, PyJson> = {};
  const kpi: Record<string, PyJson> = {};
  for (const [k, v] of Object.entries(logs)) {
    if (k.includes('loss')) graphical[KEY_MAP[k] ?? k] = v;
    if (k === 'mAP') {
      graphical[KEY_MAP[k] ?? k] = v;
      kpi[KEY_MAP[k] ?? k] = v;
    }
    if (k === 'lr') graphical[KEY_MAP[k] ?? k] = v;
  }
  return { graphical, kpi };
}
