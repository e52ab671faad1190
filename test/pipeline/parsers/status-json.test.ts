import { describe, expect, it } from 'vitest';
import {
  parseStatusJson,
  type StatusEvent,
  type StatusMeta,
} from '../../../src/pipeline/parsers/status-json.js';
import { statusTimestamp } from '../../../src/pipeline/parsers/status-json-values.js';
import { OTHER_TASKS_STATUS, SSD_TRAIN_STATUS } from './samples.js';

const ofKind = <K extends StatusEvent['kind']>(events: StatusEvent[], kind: K) =>
  events.filter((e): e is Extract<StatusEvent, { kind: K }> => e.kind === kind);

const summary = (events: StatusEvent[]) =>
  events.map((e) => `${e.kind}${e.kind === 'finished' ? `:${e.success}` : ''}:${e.meta.message}`);

describe('parseStatusJson', () => {
  it('reads the sequence of an ssd train when its loggers repeat stale dicts', () => {
    const { events, skipped } = parseStatusJson(SSD_TRAIN_STATUS, { network: 'ssd' });
    expect(summary(events)).toEqual([
      'started:Starting Training Loop.',
      'epoch:Training loop in progress',
      'validation:Evaluation metrics generated.',
      'epoch:Training loop in progress',
      'epoch:Training loop in progress',
      'message:Training loop complete.',
      'finished:true:Training finished successfully.',
    ]);
    expect(skipped).toBe(0);
  });

  it('reads epoch fields, string metrics and timedelta durations when an epoch ends', () => {
    const [epoch9, epoch10] = ofKind(parseStatusJson(SSD_TRAIN_STATUS).events, 'epoch');
    expect(epoch9).toMatchObject({
      epoch: 9,
      maxEpoch: 80,
      loss: 10.1186161041,
      lr: 0.0199999995,
      validationLoss: null,
      map: null,
    });
    expect(epoch9?.timePerEpochS).toBeCloseTo(312.345678, 6);
    expect(epoch9?.etaS).toBeCloseTo(22_176.543138, 6);
    expect(epoch10).toMatchObject({
      epoch: 10,
      timePerEpochS: 313,
      etaS: 21_910,
      validationLoss: 8.6221351624,
    });
  });

  it('attaches validation to the epoch that follows it when metrics are generated', () => {
    const [validation] = ofKind(parseStatusJson(SSD_TRAIN_STATUS).events, 'validation');
    expect(validation).toMatchObject({ epoch: 10, validationLoss: 8.62213516, map: 0.56553 });
  });

  it('ignores mAP on epoch lines when the network is ssd (a stale value repeats there)', () => {
    const epochs = ofKind(parseStatusJson(SSD_TRAIN_STATUS, { network: 'ssd' }).events, 'epoch');
    expect(epochs.map((e) => e.map)).toEqual([null, null, null]);
    expect(
      ofKind(parseStatusJson(SSD_TRAIN_STATUS, { network: 'yolo_v4_tiny' }).events, 'epoch')[1]?.map,
    ).toBeNull();
  });

  it('reads mAP on epoch lines when the network has no stale-metric quirk', () => {
    const epochs = ofKind(parseStatusJson(SSD_TRAIN_STATUS, { network: 'detectnet_v2' }).events, 'epoch');
    expect(epochs.map((e) => e.map)).toEqual([null, 0.56553, 0.56553]);
  });

  it('skips a graphical dict seen before when a later line carries it again', () => {
    const events = parseStatusJson(SSD_TRAIN_STATUS).events;
    // The last two lines repeat the validation dict: neither may count as a second validation.
    expect(ofKind(events, 'validation')).toHaveLength(1);
  });

  it('keeps the raw date and time and derives a timestamp when they are not zero-padded', () => {
    const meta: StatusMeta = parseStatusJson(SSD_TRAIN_STATUS).events[0]?.meta as StatusMeta;
    expect(meta).toEqual({
      status: 'STARTED',
      verbosity: 'INFO',
      date: '1/5/2024',
      time: '9:3:7',
      timestamp: Date.UTC(2024, 0, 5, 9, 3, 7),
      message: 'Starting Training Loop.',
      categorical: null,
    });
  });

  it('reads prune, evaluate, export and deploy lines when other tasks run', () => {
    const { events, skipped } = parseStatusJson(OTHER_TASKS_STATUS);
    expect(summary(events)).toEqual([
      'prune:Pruning ratio (pruned model / original model): 0.26947645427472383',
      'finished:true:Pruning finished successfully.',
      'started:Starting SSD evaluation.',
      'evaluate:Evaluation finished successfully.',
      'finished:true:Evaluation finished successfully.',
      'message:Building exporter object.',
      'message:Exporting the model.',
      'finished:true:Export finished successfully.',
      'started:Starting ssd gen_trt_engine.',
      'finished:true:Gen_trt_engine finished successfully.',
      'finished:false:Configuration error: the engine file exists',
    ]);
    expect(skipped).toBe(0);
  });

  it('reads the prune kpi once when the success line repeats it', () => {
    const prunes = ofKind(parseStatusJson(OTHER_TASKS_STATUS).events, 'prune');
    expect(prunes).toHaveLength(1);
    expect(prunes[0]).toMatchObject({ ratio: 0.26947645427472383, sizeMb: 21.225, paramCountM: 3.412 });
  });

  it('reads the evaluate mAP and the deploy success that TAO writes as RUNNING', () => {
    const events = parseStatusJson(OTHER_TASKS_STATUS).events;
    expect(ofKind(events, 'evaluate')[0]?.map).toBe(0.90779);
    expect(ofKind(events, 'finished')[3]?.meta.status).toBe('RUNNING');
  });

  it('takes the prune ratio from the message when the line has no kpi', () => {
    const line =
      '{"date": "1/5/2024", "time": "1:2:3", "status": "RUNNING", "verbosity": "INFO", "message": "Pruning ratio (pruned model / original model): 0.33196298006278785"}';
    expect(parseStatusJson(line).events[0]).toMatchObject({
      kind: 'prune',
      ratio: 0.33196298006278785,
      sizeMb: null,
    });
  });

  it("accepts Python's bare NaN when json.dumps writes a nan float", () => {
    const line =
      '{"date": "1/5/2024", "time": "10:0:0", "status": "RUNNING", "verbosity": "INFO", "message": "Evaluation metrics generated.", "graphical": {"validation loss": NaN, "mean average precision": 0.0}}';
    const { events, skipped } = parseStatusJson(line);
    expect(skipped).toBe(0);
    expect(events[0]).toMatchObject({ kind: 'validation', epoch: null, validationLoss: null, map: 0 });
  });

  it('reads float graphical values when DetectNet_v2 writes a 0-based epoch', () => {
    const line =
      '{"epoch": 0, "max_epoch": 80, "time_per_epoch": "0:00:00", "eta": "0:00:00", "date": "1/31/2024", "time": "11:5:27", "status": "RUNNING", "verbosity": "INFO", "message": "Training loop in progress", "graphical": {"loss": 0.06473, "learning_rate": 1.2500004e-05}}';
    const [event] = parseStatusJson(line, { network: 'detectnet_v2' }).events;
    expect(event).toMatchObject({
      kind: 'epoch',
      epoch: 0,
      loss: 0.06473,
      lr: 1.2500004e-5,
      timePerEpochS: 0,
      etaS: 0,
    });
  });

  it('reads categorical values and failure statuses when a line has them', () => {
    const text = [
      '{"date": "1/5/2024", "time": "1:0:0", "status": "RUNNING", "verbosity": "DEBUG", "categorical": {"class count": {"car": 10, "van": "nan"}}}',
      '{"date": "1/5/2024", "time": "1:0:1", "status": "FAILURE", "verbosity": "ERROR", "message": "Training was interrupted"}',
      '{"date": "1/5/2024", "time": "1:0:2", "status": "SKIPPED", "verbosity": "LOUD"}',
    ].join('\n');
    const { events } = parseStatusJson(text);
    expect(events[0]).toMatchObject({
      kind: 'message',
      meta: { categorical: { 'class count': { car: 10, van: null } } },
    });
    expect(events[1]).toMatchObject({ kind: 'finished', success: false, meta: { verbosity: 'ERROR' } });
    expect(events[2]).toMatchObject({
      kind: 'message',
      meta: { status: 'SKIPPED', verbosity: null, message: null },
    });
  });

  it('counts lines as skipped when they are not JSON objects with a known status', () => {
    const text = [
      'not json',
      '[1,2]',
      '{"status": "DONE"}',
      '{"date": "1/5/2024"',
      '',
      '{"status": "RUNNING"}',
    ].join('\n');
    const { events, skipped, lines } = parseStatusJson(text);
    expect(skipped).toBe(4);
    expect(lines).toBe(6);
    expect(events).toHaveLength(1);
  });
});

describe('statusTimestamp', () => {
  it('reads month/day/year when TAO does not pad', () => {
    expect(statusTimestamp('12/31/2023', '23:59:59')).toBe(Date.UTC(2023, 11, 31, 23, 59, 59));
  });

  it('returns null when the date does not exist or the format differs', () => {
    expect(statusTimestamp('2/30/2024', '1:2:3')).toBeNull();
    expect(statusTimestamp('2024-01-05', '1:2:3')).toBeNull();
    expect(statusTimestamp('1/5/2024', '25:0:0')).toBeNull();
  });
});
