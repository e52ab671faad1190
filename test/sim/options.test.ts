import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSimSettings } from '../../src/sim/settings.js';
import { epochSeconds, epochWallMs, taskWallMs } from '../../src/sim/timing.js';
import { csvRows, sim, sixEpochSpec, tempDir } from './harness.js';

describe('simulator timing', () => {
  it('takes 48 s per epoch on one GPU and 40 s on two when simulated', () => {
    const base = { amp: false, qat: false, paramRatio: 1 };
    expect(epochSeconds({ ...base, gpus: 1 })).toBeCloseTo(48, 6);
    expect(epochSeconds({ ...base, gpus: 2 })).toBeCloseTo(40, 6);
    expect(epochSeconds({ ...base, gpus: 4 })).toBeCloseTo(40 / 1.2, 6);
  });

  it('runs in real time with the realistic profile and at TAOBOT_SIM_EPOCH_MS otherwise', () => {
    const realistic = readSimSettings({ TAOBOT_SIM_PROFILE: 'realistic' });
    const fast = readSimSettings({});
    const explicit = readSimSettings({ TAOBOT_SIM_PROFILE: 'realistic', TAOBOT_SIM_EPOCH_MS: '250' });
    if (!realistic.ok || !fast.ok || !explicit.ok) throw new Error('settings should parse');
    expect(epochWallMs(realistic.value, 48)).toBe(48_000);
    expect(taskWallMs(realistic.value, 30)).toBe(30_000);
    expect(epochWallMs(fast.value, 48)).toBe(100);
    expect(epochWallMs(explicit.value, 48)).toBe(250);
    expect(readSimSettings({ TAOBOT_SIM_PROFILE: 'slow' }).ok).toBe(false);
  });
});

describe('simulator options', () => {
  it('sends the task output to --log_file and keeps only the banner and the status on stdout', async () => {
    const dir = tempDir();
    const spec = sixEpochSpec(dir);
    const result = await sim(
      ['model', 'ssd', 'train', '--log_file', 'logs/train.log', '-e', spec, '-r', 'out'],
      {
        cwd: dir,
      },
    );
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^taobot TAO simulator/),
      'Execution status: PASS',
    ]);
    const log = readFileSync(join(dir, 'logs', 'train.log'), 'utf8');
    expect(log).toContain('Epoch 6/6');
    expect(log).toContain('Training finished successfully.');
  });

  it('prints the TAO 3 prune line and requires a .tlt output on TAO 3/4', async () => {
    const dir = tempDir();
    const spec = sixEpochSpec(dir);
    await sim(['ssd', 'train', '-e', spec, '-r', 'out', '-k', 'k'], { cwd: dir });
    const model = join('out', 'weights', 'ssd_resnet18_epoch_006.tlt');
    const pruned = await sim(['ssd', 'prune', '-m', model, '-o', 'p.tlt', '-k', 'k', '-pth', '0.1'], {
      cwd: dir,
    });
    expect(pruned.code).toBe(0);
    expect(pruned.stdout).toMatch(
      /\n\d{4}-\d\d-\d\d [\d:,]+ \[INFO\] __main__: Pruning ratio \(pruned model \/ original model\): 0\.22\d+\n/,
    );
    const wrong = await sim(['ssd', 'prune', '-m', model, '-o', 'p.hdf5', '-k', 'k', '-pth', '0.1'], {
      cwd: dir,
    });
    expect(wrong.code).toBe(255);
    expect(wrong.stdout).toContain('end -o with .tlt');
  });

  it('trains other detectors of the family with their own config message and file names', async () => {
    const dir = tempDir();
    const spec = join(dir, 'yolo.txt');
    writeFileSync(
      spec,
      [
        'random_seed: 42',
        'yolov4_config { arch: "resnet" nlayers: 18 }',
        'training_config { batch_size_per_gpu: 8 num_epochs: 3 checkpoint_interval: 1 }',
        'eval_config { validation_period_during_training: 1 batch_size: 8 }',
        'augmentation_config { output_width: 384 output_height: 384 output_channel: 3 }',
        'dataset_config { target_class_mapping { key: "car" value: "car" } target_class_mapping { key: "person" value: "person" } }',
      ].join('\n'),
    );
    const result = await sim(['model', 'yolo_v4', 'train', '-e', spec, '-r', 'out'], { cwd: dir });
    expect(result.code, result.stdout).toBe(0);
    expect(readdirSync(join(dir, 'out', 'weights'))).toHaveLength(3);
    const rows = csvRows(
      join(dir, 'out', readdirSync(join(dir, 'out')).find((f) => f.endsWith('.csv')) ?? ''),
    );
    expect(rows[0]).toEqual(['epoch', 'AP_car', 'AP_person', 'loss', 'lr', 'mAP', 'validation_loss']);
    expect(result.stdout).toContain('170/170 [');
  });

  it('writes KITTI labels and copies the images when inference runs', async () => {
    const dir = tempDir();
    const spec = sixEpochSpec(dir);
    await sim(['model', 'ssd', 'train', '-e', spec, '-r', 'out'], { cwd: dir });
    const images = join(dir, 'images');
    mkdirSync(images);
    writeFileSync(join(images, 'a.jpg'), 'jpeg bytes');
    writeFileSync(join(images, 'b.png'), 'png bytes');
    writeFileSync(join(images, 'notes.txt'), 'not an image');
    const model = join('out', 'weights', 'ssd_resnet18_epoch_006.hdf5');
    const result = await sim(
      ['model', 'ssd', 'inference', '-i', 'images', '-e', spec, '-m', model, '-r', 'infer'],
      {
        cwd: dir,
      },
    );
    expect(result.code, result.stdout).toBe(0);
    expect(readdirSync(join(dir, 'infer', 'labels')).sort()).toEqual(['a.txt', 'b.txt']);
    expect(readFileSync(join(dir, 'infer', 'images_annotated', 'a.jpg'), 'utf8')).toBe('jpeg bytes');
    for (const line of readFileSync(join(dir, 'infer', 'labels', 'a.txt'), 'utf8')
      .split('\n')
      .filter(Boolean)) {
      expect(line).toMatch(
        /^(car|cyclist|pedestrian) 0\.00 0 0\.00 [\d.]+ [\d.]+ [\d.]+ [\d.]+( 0\.00){7} 0\.\d{5}$/,
      );
    }
  });
});
