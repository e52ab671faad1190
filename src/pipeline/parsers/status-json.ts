import { createLineParser } from './line-parser.js';
import { metricValue, parseMetric, parseTimedelta } from './numbers.js';
import type { StatusEvent, StatusMeta } from './status-json-types.js';
import {
  isRecord,
  parseStatusRecord,
  rawObject,
  type StatusRecord,
  statusMeta,
} from './status-json-values.js';
import { type IncrementalParser, type ParsedText, type ParserOptions, parseWhole } from './types.js';

export * from './status-json-types.js';

/**
 * TAO's own API parser ignores `mean average precision` on lines that carry `epoch` for these networks:
 * their second status logger repeats a stale value there (see the reference notes on status.json).
 */
const STALE_MAP_NETWORKS: ReadonlySet<string> = new Set([
  'ssd',
  'dssd',
  'retinanet',
  'yolo_v3',
  'yolo_v4',
  'yolo_v4_tiny',
]);

const MAP_KEY = 'mean average precision';
const DEPLOY_FINISHED = /finished successfully\.?$/;
const PRUNE_MESSAGE = /^Pruning ratio \(pruned model \/ original model\): (\S+)$/;

const durationOf = (value: unknown): number | null =>
  typeof value === 'string' ? parseTimedelta(value) : null;

/** Creates a parser for a growing status.json (one JSON object per line). */
export function createStatusJsonParser(options: ParserOptions = {}): IncrementalParser<StatusEvent> {
  const staleMap = STALE_MAP_NETWORKS.has(options.network ?? 'ssd');
  // Each logger keeps its graphical/kpi dicts between writes, so a later line can carry an old dict again.
  const seenGraphical = new Set<string>();
  const seenKpi = new Set<string>();
  let lastEpoch: number | null = null;

  const fresh = (
    line: string,
    field: 'graphical' | 'kpi',
    value: unknown,
    seen: Set<string>,
  ): StatusRecord | null => {
    if (!isRecord(value)) return null;
    const key = rawObject(line, field) ?? JSON.stringify(value);
    if (seen.has(key)) return null;
    seen.add(key);
    return value;
  };

  const epochEvent = (line: string, record: StatusRecord, epoch: number, meta: StatusMeta): StatusEvent => {
    const graphical = fresh(line, 'graphical', record.graphical, seenGraphical);
    const kpi = isRecord(record.kpi) ? record.kpi : null;
    lastEpoch = epoch;
    return {
      kind: 'epoch',
      epoch,
      maxEpoch: metricValue(record.max_epoch),
      timePerEpochS: durationOf(record.time_per_epoch),
      etaS: durationOf(record.eta),
      loss: metricValue(graphical?.loss),
      lr: metricValue(graphical?.learning_rate),
      validationLoss: metricValue(graphical?.validation_loss),
      map: staleMap ? null : metricValue(graphical?.[MAP_KEY] ?? kpi?.[MAP_KEY]),
      meta,
    };
  };

  const line = (text: string, out: StatusEvent[]): boolean => {
    if (text.length === 0) return true;
    const record = text.charCodeAt(0) === 123 ? parseStatusRecord(text) : parseStatusRecord(text.trim());
    const meta = record && statusMeta(record);
    if (!record || !meta) return false;
    const epoch = record.epoch;
    if (typeof epoch === 'number' && Number.isInteger(epoch)) {
      out.push(epochEvent(text, record, epoch, meta));
      return true;
    }
    const before = out.length;
    const graphical = fresh(text, 'graphical', record.graphical, seenGraphical);
    if (graphical && meta.status === 'RUNNING' && ('validation loss' in graphical || MAP_KEY in graphical)) {
      const validationLoss = metricValue(graphical['validation loss']);
      const map = metricValue(graphical[MAP_KEY]);
      out.push({
        kind: 'validation',
        epoch: lastEpoch === null ? null : lastEpoch + 1,
        validationLoss,
        map,
        meta,
      });
    }
    const kpi = fresh(text, 'kpi', record.kpi, seenKpi);
    const pruneText = meta.message === null ? null : PRUNE_MESSAGE.exec(meta.message);
    if ((kpi && 'pruning_ratio' in kpi) || pruneText) {
      const ratio =
        metricValue(kpi?.pruning_ratio) ?? (pruneText ? (parseMetric(pruneText[1] as string) ?? null) : null);
      out.push({
        kind: 'prune',
        ratio,
        sizeMb: metricValue(kpi?.size),
        paramCountM: metricValue(kpi?.param_count),
        meta,
      });
    } else if (kpi && 'mAP' in kpi) {
      out.push({ kind: 'evaluate', map: metricValue(kpi.mAP), meta });
    }
    if (meta.status === 'STARTED') out.push({ kind: 'started', meta });
    else if (meta.status === 'SUCCESS' || meta.status === 'FAILURE') {
      out.push({ kind: 'finished', success: meta.status === 'SUCCESS', meta });
    } else if (meta.status === 'RUNNING' && meta.message !== null && DEPLOY_FINISHED.test(meta.message)) {
      out.push({ kind: 'finished', success: true, meta });
    } else if (out.length === before) out.push({ kind: 'message', meta });
    return true;
  };

  return createLineParser({ line });
}

/** Parses a complete status.json. */
export function parseStatusJson(text: string, options: ParserOptions = {}): ParsedText<StatusEvent> {
  return parseWhole(createStatusJsonParser(options), text);
}
