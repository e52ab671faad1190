import { describe, expect, it } from 'vitest';
import {
  type ConsoleEvent,
  createConsoleParser,
  parseConsole,
} from '../../../src/pipeline/parsers/console.js';
import { readFixture } from '../../helpers/fixtures.js';
import {
  KERAS_FILE_EPOCH,
  kerasTerminalEpoch,
  PREFIXED_LINES,
  TRACEBACK,
  VALIDATION_BLOCK,
} from './samples.js';

const ofKind = <K extends ConsoleEvent['kind']>(events: ConsoleEvent[], kind: K) =>
  events.filter((e): e is Extract<ConsoleEvent, { kind: K }> => e.kind === kind);

describe('parseConsole on the real TLT 2 SSD-ResNet18 log', () => {
  const { events } = parseConsole(readFixture('tao', 'tlt2_ssd_resnet18_train_console_spoonbobo.txt'));

  it('reads epochs 79/80 and 80/80 of the train and the retrain when their lines are tab-indented', () => {
    expect(ofKind(events, 'epoch-start').map((e) => `${e.epoch}/${e.maxEpoch}`)).toEqual([
      '79/80',
      '80/80',
      '79/80',
      '80/80',
    ]);
    expect(ofKind(events, 'epoch-end')).toEqual([
      {
        kind: 'epoch-end',
        level: null,
        epoch: 79,
        step: 85,
        steps: 85,
        durationS: 18,
        stepTimeMs: 210,
        loss: 1.7293,
        metrics: { loss: 1.7293 },
      },
      {
        kind: 'epoch-end',
        level: null,
        epoch: 80,
        step: 85,
        steps: 85,
        durationS: 18,
        stepTimeMs: 212,
        loss: 1.6824,
        metrics: { loss: 1.6824 },
      },
      {
        kind: 'epoch-end',
        level: null,
        epoch: 79,
        step: 42,
        steps: 42,
        durationS: 13,
        stepTimeMs: 312,
        loss: 1.1341,
        metrics: { loss: 1.1341 },
      },
      {
        kind: 'epoch-end',
        level: null,
        epoch: 80,
        step: 42,
        steps: 42,
        durationS: 13,
        stepTimeMs: 309,
        loss: 1.1565,
        metrics: { loss: 1.1565 },
      },
    ]);
  });

  it('reads every checkpoint line with its 1-indexed epoch and path', () => {
    const checkpoints = ofKind(events, 'checkpoint');
    expect(checkpoints.map((c) => c.epoch)).toEqual([78, 79, 80, 79, 80]);
    expect(checkpoints[2]?.path).toBe(
      '/workspace/tlt-experiments/ssd/experiment_dir_unpruned/weights/ssd_resnet18_epoch_080.tlt',
    );
    expect(checkpoints[4]?.path).toMatch(/experiment_dir_retrain\/weights\/ssd_resnet18_epoch_080\.tlt$/);
  });

  it('reads the AP tables with 3 decimals after the last epoch of each run', () => {
    expect(ofKind(events, 'ap-table')).toEqual([
      { kind: 'ap-table', level: null, epoch: 80, ap: { opacity: 0.492 }, map: 0.492, decimals: 3 },
      { kind: 'ap-table', level: null, epoch: 80, ap: { opacity: 0.485 }, map: 0.485, decimals: 3 },
    ]);
  });

  it('reads the evaluation dataset size and the validation phases', () => {
    expect(ofKind(events, 'dataset')).toEqual([
      { kind: 'dataset', level: null, split: 'evaluation', images: 886 },
      { kind: 'dataset', level: null, split: 'evaluation', images: 886 },
    ]);
    const phases = ofKind(events, 'phase').map((p) => `${p.phase}:${p.step ?? ''}/${p.steps ?? ''}`);
    expect(phases).toEqual([
      'predicting:56/56',
      'matching:/',
      'computing-ap:/',
      'predicting:28/28',
      'matching:/',
      'computing-ap:/',
    ]);
  });
});

describe('parseConsole on the documented formats', () => {
  it('reads an AP table when a class name of 14+ characters is glued to AP', () => {
    const { events, skipped } = parseConsole(VALIDATION_BLOCK);
    expect(ofKind(events, 'ap-table')).toEqual([
      {
        kind: 'ap-table',
        level: null,
        epoch: 10,
        ap: { bottom_left: 0.69871, electric_bicycle: 0.66367, license_plate: 0.88446 },
        map: 0.7651,
        decimals: 5,
      },
    ]);
    expect(ofKind(events, 'validation-loss')).toEqual([
      { kind: 'validation-loss', level: null, epoch: 10, value: 41.868257820344645 },
    ]);
    expect(ofKind(events, 'epoch-end')[0]).toMatchObject({ stepTimeMs: 1000, loss: 41.0135 });
    expect(skipped).toBe(0);
  });

  it('reads a class named like the mAP row when it is padded to 14 characters', () => {
    const table = [
      '*****',
      'm             AP    0.5',
      'mAP_sign      AP    0.25',
      '              mAP   0.375',
      '*****',
      '',
    ];
    expect(ofKind(parseConsole(table.join('\n')).events, 'ap-table')[0]).toMatchObject({
      ap: { m: 0.5, mAP_sign: 0.25 },
      map: 0.375,
    });
  });

  it('drops a table when a foreign line cuts it off, and reads that line', () => {
    const text = ['*****', 'car           AP    0.5', 'Epoch 11/80', ''].join('\n');
    const { events } = parseConsole(text);
    expect(events.map((e) => e.kind)).toEqual(['epoch-start']);
  });

  it('keeps only the final frame when Keras redraws a terminal line with \\r and \\b', () => {
    const { events, skipped } = parseConsole(kerasTerminalEpoch(1, 12, '17.8214'));
    expect(events).toEqual([
      { kind: 'epoch-start', level: null, epoch: 1, maxEpoch: 80 },
      {
        kind: 'epoch-end',
        level: null,
        epoch: 1,
        step: 12,
        steps: 12,
        durationS: 18,
        stepTimeMs: 210,
        loss: 17.8214,
        metrics: { loss: 17.8214 },
      },
    ]);
    expect(skipped).toBe(0);
  });

  it('emits progress events when Keras writes each frame on its own line', () => {
    const { events } = parseConsole(KERAS_FILE_EPOCH);
    expect(ofKind(events, 'progress')).toEqual([
      { kind: 'progress', level: null, epoch: 3, step: 1, steps: 85, etaS: 83, loss: 25.1234 },
      { kind: 'progress', level: null, epoch: 3, step: 2, steps: 85, etaS: 45, loss: 24.9 },
    ]);
    expect(ofKind(events, 'epoch-end')[0]).toMatchObject({ loss: 1.2345e-4, stepTimeMs: 210 });
  });

  it('reads every metric of the final frame when Keras prints more than loss', () => {
    const { events } = parseConsole('10/10 [==========] - 5s 500us/step - loss: nan - val_loss: 2.5000\n');
    expect(events[0]).toMatchObject({
      kind: 'epoch-end',
      epoch: null,
      stepTimeMs: 0.5,
      loss: null,
      metrics: { loss: null, val_loss: 2.5 },
    });
  });

  it('peeks at the live progress frame without changing the events when a terminal line is unfinished', () => {
    const parser = createConsoleParser();
    const epoch = kerasTerminalEpoch(4, 9, '3.0000');
    const cut = epoch.indexOf(' 6/9');
    expect(parser.push(epoch.slice(0, cut)).map((e) => e.kind)).toEqual(['epoch-start']);
    expect(parser.peekProgress()).toEqual({
      kind: 'progress',
      level: null,
      epoch: 4,
      step: 5,
      steps: 9,
      etaS: 4,
      loss: 25,
    });
    expect(parser.push(epoch.slice(cut)).map((e) => e.kind)).toEqual(['epoch-end']);
    expect(parser.peekProgress()).toBeNull();
  });

  it('strips TAO 3 and TAO 5 prefixes and keeps the level when lines are logged', () => {
    const { events, skipped } = parseConsole(PREFIXED_LINES);
    expect(events).toEqual([
      { kind: 'prune', level: 'INFO', ratio: 0.26947645427472383 },
      {
        kind: 'epoch-summary',
        level: 'INFO',
        epoch: 0,
        maxEpoch: 80,
        loss: 0.06473,
        lr: 1.2500004e-5,
        timeTakenS: 0,
        etaS: 0,
      },
      {
        kind: 'log',
        level: 'WARNING',
        logger: 'nvidia_tao_tf1.cv.common.utils',
        message: 'Checkpoint interval is larger than num_epochs',
      },
      { kind: 'export', level: 'INFO', path: '/results/export/ssd_resnet18_epoch_080.onnx' },
      { kind: 'execution-status', level: null, passed: true },
    ]);
    // Samples/sec, the pruning graph walk and the telemetry notice carry no event.
    expect(skipped).toBe(3);
  });

  it('collects a traceback from its first line to the error line when a run crashes', () => {
    const { events } = parseConsole(TRACEBACK.replaceAll(/^/gm, '\t'));
    const [traceback] = ofKind(events, 'traceback');
    expect(traceback?.lines).toHaveLength(6);
    expect(traceback?.lines[1]).toBe(
      '  File "/usr/local/lib/python3.8/dist-packages/nvidia_tao_tf1/cv/ssd/scripts/train.py", line 560, in <module>',
    );
    expect(traceback).toMatchObject({
      error:
        'tensorflow.python.framework.errors_impl.ResourceExhaustedError: OOM when allocating tensor with shape[16,64,150,150]',
      errorType: 'tensorflow.python.framework.errors_impl.ResourceExhaustedError',
      errorMessage: 'OOM when allocating tensor with shape[16,64,150,150]',
    });
    expect(events.at(-1)).toEqual({ kind: 'execution-status', level: null, passed: false });
  });

  it('reads an error line without a message when the exception has none', () => {
    const text =
      'Traceback (most recent call last):\n  File "x.py", line 1, in <module>\nKeyboardInterrupt\n';
    expect(parseConsole(text).events[0]).toMatchObject({
      kind: 'traceback',
      errorType: 'KeyboardInterrupt',
      errorMessage: null,
    });
  });

  it('emits the traceback so far when the output ends before its error line', () => {
    const text = 'Traceback (most recent call last):\n  File "x.py", line 1, in <module>\n';
    expect(parseConsole(text).events).toEqual([
      {
        kind: 'traceback',
        level: null,
        lines: ['Traceback (most recent call last):', '  File "x.py", line 1, in <module>'],
        error: null,
        errorType: null,
        errorMessage: null,
      },
    ]);
  });

  it('reads evaluate, prune-load, export and dataset lines from the TAO 5 train and evaluate scripts', () => {
    const text = [
      'Loading pretrained weights. This may take a while...',
      'Loading the model as a pruned model.',
      'Initialize optimizer',
      'Number of images in the training dataset:\t  6434',
      'Number of images in the validation dataset:\t   1047',
      'Using TLT model for inference, setting batch size to the one in eval_config: 16',
      'Using TensorRT engine for inference, setting batch size to 16 from eval_config',
      'Finished evaluation.',
      'Epoch 00012: early stopping',
      'Execution status: FAIL',
      '',
    ].join('\n');
    const { events, skipped } = parseConsole(text);
    expect(skipped).toBe(0);
    expect(events.map((e) => (e.kind === 'phase' ? e.phase : e.kind))).toEqual([
      'loading-pretrained',
      'loading-pruned',
      'initializing-optimizer',
      'dataset',
      'dataset',
      'evaluate-start',
      'evaluate-start',
      'evaluation-finished',
      'early-stop',
      'execution-status',
    ]);
    expect(ofKind(events, 'dataset').map((d) => [d.split, d.images])).toEqual([
      ['training', 6434],
      ['validation', 1047],
    ]);
    expect(ofKind(events, 'evaluate-start').map((d) => [d.engine, d.batchSize])).toEqual([
      ['model', 16],
      ['tensorrt', 16],
    ]);
  });

  it('reads a deploy AP table when every row is logged with a prefix', () => {
    const prefix = '2024-01-31 12:00:00,000 [TAO Toolkit] [INFO] root 180: ';
    const rows = [
      '*******************************',
      'car           AP    0.81234',
      '              mAP   0.812',
      '*******************************',
    ];
    const { events } = parseConsole(rows.map((r) => prefix + r).join('\n'));
    expect(events).toEqual([
      { kind: 'ap-table', level: 'INFO', epoch: null, ap: { car: 0.81234 }, map: 0.812, decimals: 5 },
    ]);
  });
});
