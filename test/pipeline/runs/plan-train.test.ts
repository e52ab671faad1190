import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';
import { planTrain } from '../../../src/pipeline/runs/plan-train.js';
import { getField, parseSpec } from '../../../src/pipeline/tao/spec/index.js';

const config = loadConfig({ env: {}, cwd: '/nonexistent-taobot-home' });
const read = (path: string) => readFileSync(path, 'utf8');
const idle = new Map<string, number>();

describe('planTrain', () => {
  it('edits only the asked fields of the sample spec and previews the TAO command', () => {
    const plan = planTrain(config, { model: 'ssd_resnet18', epochs: 6, checkpointInterval: 2 }, idle, read);
    if (!plan.ok) throw new Error(plan.error);
    const spec = parseSpec(plan.value.specText);
    if (!spec.ok) throw new Error(spec.error.message);
    expect(getField(spec.value, 'training_config.num_epochs')).toBe(6);
    expect(getField(spec.value, 'training_config.checkpoint_interval')).toBe(2);
    // 10 > 6 epochs: validation would never run, so the plan validates with the checkpoints, and says so.
    expect(getField(spec.value, 'eval_config.validation_period_during_training')).toBe(2);
    expect(plan.value.notes[0]).toMatch(
      /validation every 2 epoch\(s\): the spec's period of 10 is longer than 6 epochs/,
    );
    expect(plan.value.changes.map((c) => c.path).sort()).toEqual([
      'eval_config.validation_period_during_training',
      'training_config.checkpoint_interval',
      'training_config.num_epochs',
    ]);
    expect(plan.value.classes).toEqual(['car', 'cyclist', 'pedestrian']);
    expect(plan.value.simulated).toBe(true);
    expect(plan.value.argvPreview).toMatch(
      / tao-sim model ssd train --gpus 1 -e '<run>\/spec\.txt' -r '<run>\/results' -k '\*\*\*'$/,
    );
    expect(plan.value.argvPreview).not.toContain('nvidia_tlt');
  });

  it('refuses an unknown model, an unknown server and more GPUs than any server has', () => {
    expect(planTrain(config, { model: 'yolo' }, idle, read)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/unknown model "yolo"; configured models: ssd_resnet18/),
    });
    expect(planTrain(config, { model: 'ssd_resnet18', server: 'gpu9' }, idle, read)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/unknown server "gpu9"/),
    });
    expect(planTrain(config, { model: 'ssd_resnet18', gpus: 99 }, idle, read)).toMatchObject({
      ok: false,
      error: 'gpus=99: no server has that many GPUs (the largest has 2)',
    });
  });

  it('says when a spec file is missing or malformed', () => {
    const missing = planTrain(config, { model: 'ssd_resnet18' }, idle, () => {
      throw Object.assign(new Error('nope'), { code: 'ENOENT' });
    });
    expect(missing).toMatchObject({
      ok: false,
      error: expect.stringMatching(/does not exist; fix models\.ssd_resnet18\.spec/),
    });
    const broken = planTrain(
      config,
      { model: 'ssd_resnet18' },
      idle,
      () => 'training_config {\n  num_epochs: 80\n',
    );
    expect(broken).toMatchObject({
      ok: false,
      error: expect.stringMatching(/malformed at line \d+, column \d+/),
    });
  });

  it('queues when the server’s GPUs are busy', () => {
    const plan = planTrain(config, { model: 'ssd_resnet18', gpus: 2 }, new Map([['sim', 1]]), read);
    expect(plan.ok && plan.value.waitsForGpus).toBe(true);
  });
});
