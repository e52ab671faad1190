import type { Run } from '../../db/repositories/runs.js';
import { formatBytes, formatDuration, type Progress, progressBar } from '../../pipeline/runs/progress.js';
import type { BestCheckpoint } from '../../pipeline/suggest/best-checkpoint.js';
import type { Card, Tone } from '../core/types.js';

/** Pure builders of the cards a run shows: its live status, its end, its best checkpoint. */

const SIMULATED_NOTE = 'SIMULATED run: taobot’s TAO simulator, no GPU was used';

const toneOf = (state: Run['state']): Tone =>
  state === 'succeeded'
    ? 'success'
    : state === 'failed'
      ? 'danger'
      : state === 'cancelled' || state === 'rejected'
        ? 'warning'
        : 'progress';

export function runTitle(run: Pick<Run, 'id' | 'kind' | 'model' | 'simulated'>): string {
  return `${run.simulated ? '[SIMULATED] ' : ''}Run #${run.id} · ${run.kind} ${run.model}`;
}

export function statusCard(run: Run, progress: Progress): Card {
  const fmt = (n: number | null, digits = 4) => (n === null ? '—' : n.toFixed(digits));
  const card: Card = {
    title: `${runTitle(run)} · ${run.state.replace('_', ' ')}`,
    tone: toneOf(run.state),
    progress: { current: progress.epoch, total: progress.total },
    lines: [`${progressBar(progress.epoch, progress.total)}  epoch ${progress.epoch}/${progress.total}`],
    fields: [
      {
        label: 'Epoch time',
        value: `${formatDuration(progress.lastEpochSeconds)} last · ${formatDuration(progress.meanEpochSeconds)} mean`,
      },
      { label: 'ETA', value: run.state === 'running' ? formatDuration(progress.etaSeconds) : '—' },
      { label: 'Loss', value: fmt(progress.loss) },
      {
        label: 'Last mAP',
        value: progress.lastMap
          ? `${progress.lastMap.map.toFixed(4)} (epoch ${progress.lastMap.epoch})`
          : '—',
      },
      {
        label: 'Server',
        value: `${run.server} · ${run.gpus} GPU${run.gpus === 1 ? '' : 's'}${run.gpuIndices ? ` [${run.gpuIndices.join(',')}]` : ''}`,
      },
    ],
  };
  if (run.simulated) card.footer = SIMULATED_NOTE;
  return card;
}

export function failedCard(run: Run, logTail: string): Card {
  return {
    title: `${runTitle(run)} failed`,
    tone: 'danger',
    lines: [
      run.error ?? `TAO exited with code ${run.exitCode ?? '?'}`,
      'Last lines of the log:',
      '```',
      logTail.trimEnd() || '(empty log)',
      '```',
    ],
    footer: run.simulated ? SIMULATED_NOTE : undefined,
  };
}

export function bestCheckpointCard(
  run: Run,
  best: BestCheckpoint | null,
  validated: ReadonlyArray<{ epoch: number; map: number; saved: boolean }>,
  diskBytes: number,
  targetMap?: number,
): Card {
  if (!best) {
    return {
      title: `${runTitle(run)} finished: no checkpoint to suggest`,
      tone: 'warning',
      lines: [
        validated.length === 0
          ? 'No epoch was validated: set validation_period below the number of epochs.'
          : 'No validated epoch has a saved checkpoint: align checkpoint_interval with the validation period.',
      ],
      footer: run.simulated ? SIMULATED_NOTE : undefined,
    };
  }
  const lines = [
    `Best checkpoint: epoch ${best.best.epoch}, mAP ${best.best.map.toFixed(4)} (${formatBytes(best.best.bytes)})`,
    best.runnerUp
      ? `Runner-up: epoch ${best.runnerUp.epoch}, mAP ${best.runnerUp.map.toFixed(4)} (${(best.best.map - best.runnerUp.map).toFixed(4)} below)`
      : 'No runner-up: only one validated epoch was saved.',
  ];
  if (best.recentSpread !== null) {
    lines.push(
      best.recentSpread < 0.005
        ? `The curve is flat: the last three validations differ by ${best.recentSpread.toFixed(4)}.`
        : `Still moving: the last three validations span ${best.recentSpread.toFixed(4)} mAP.`,
    );
  }
  for (const lost of best.unsavedBetter) {
    lines.push(
      `Epoch ${lost.epoch} scored higher (${lost.map.toFixed(4)}) but its checkpoint was not saved.`,
    );
  }
  if (targetMap !== undefined && best.best.map < targetMap) {
    lines.push(`Below the model's target mAP ${targetMap}: consider more epochs from this checkpoint.`);
  }
  const below = targetMap !== undefined && best.best.map < targetMap;
  lines.push(`Next: /prune ${run.id} ${best.best.epoch}  (or a sweep: /prune ${run.id} sweep=0.1,0.2,0.3)`);
  if (below) lines.push(`Or continue training from epoch ${best.best.epoch}: /continue ${run.id}`);
  return {
    title: `${runTitle(run)} finished`,
    tone: 'success',
    lines,
    table: {
      headers: ['epoch', 'mAP', 'checkpoint'],
      rows: validated.map((v) => [
        String(v.epoch),
        v.map.toFixed(4),
        v.epoch === best.best.epoch ? 'saved ★ best' : v.saved ? 'saved' : '—',
      ]),
      align: ['right', 'right', 'left'],
    },
    fields: [
      { label: 'Checkpoint disk use', value: formatBytes(diskBytes) },
      { label: 'Best file', value: best.best.path },
    ],
    buttons: [
      { action: 'prune', value: String(run.id), label: 'Prune (suggested threshold)', style: 'primary' },
      ...(below ? [{ action: 'continue', value: String(run.id), label: 'Continue training' }] : []),
      { action: 'run', value: String(run.id), label: 'Run details' },
    ],
    footer: run.simulated ? SIMULATED_NOTE : undefined,
  };
}
