import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { extname, join, parse } from 'node:path';
import type { ParsedArgs } from '../argparse.js';
import { loadModel, resolvePath, type TaskContext } from '../context.js';
import { unit } from '../curves.js';
import { tqdmDone } from '../keras-output.js';
import { markSimulated } from '../model-file.js';
import { PyError, sleep } from '../py-error.js';
import { loadSpec } from '../spec.js';
import { taskWallMs } from '../timing.js';
import type { TaskOutcome } from './outcome.js';

const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.bmp']);

/**
 * `inference`: KITTI label files under `<-r>/labels` and the images under `<-r>/images_annotated` (copied as they
 * are; a simulator draws no boxes). Detections are deterministic per image and scale with the model's mAP.
 */
export async function runInference(ctx: TaskContext, args: ParsedArgs): Promise<TaskOutcome> {
  const spec = loadSpec(resolvePath(ctx, args.str('experiment_spec') ?? ''), ctx.network);
  if (!spec.ok) throw spec.error;
  const model = loadModel(ctx, resolvePath(ctx, args.str('model_path') ?? ''), args.str('key'), [
    'checkpoint',
    'pruned',
    'engine',
  ]);
  const imageDir = resolvePath(ctx, args.str('image_dir') ?? '');
  let images: string[];
  try {
    images = readdirSync(imageDir)
      .filter((f) => IMAGE_EXTENSIONS.has(extname(f).toLowerCase()))
      .sort();
  } catch {
    throw new PyError('FileNotFoundError', `[Errno 2] No such file or directory: '${args.str('image_dir')}'`);
  }
  const resultsDir = resolvePath(ctx, args.str('results_dir') ?? '');
  const labelsDir = join(resultsDir, 'labels');
  const annotatedDir = join(resultsDir, 'images_annotated');
  mkdirSync(labelsDir, { recursive: true });
  mkdirSync(annotatedDir, { recursive: true });
  markSimulated(resultsDir);
  const threshold = args.num('threshold') ?? 0.3;
  const { width, height } = spec.value;
  for (const image of images) {
    const lines: string[] = [];
    for (let i = 0; i < 1 + Math.floor(unit(model.seed, 'detections', image) * 6); i += 1) {
      const cls =
        spec.value.classes[Math.floor(unit(model.seed, 'cls', image, i) * spec.value.classes.length)] ??
        'object';
      const confidence = Math.min(0.99, model.mAP * (0.6 + 0.7 * unit(model.seed, 'conf', image, i)));
      if (confidence < threshold) continue;
      const x1 = unit(model.seed, 'x', image, i) * width * 0.8;
      const y1 = unit(model.seed, 'y', image, i) * height * 0.8;
      const x2 = Math.min(width, x1 + 20 + unit(model.seed, 'w', image, i) * width * 0.3);
      const y2 = Math.min(height, y1 + 20 + unit(model.seed, 'h', image, i) * height * 0.3);
      const box = [x1, y1, x2, y2].map((v) => v.toFixed(2)).join(' ');
      lines.push(`${cls} 0.00 0 0.00 ${box} 0.00 0.00 0.00 0.00 0.00 0.00 0.00 ${confidence.toFixed(5)}`);
    }
    const { name } = parse(image);
    writeFileSync(join(labelsDir, `${name}.txt`), lines.map((l) => `${l}\n`).join(''));
    copyFileSync(join(imageDir, image), join(annotatedDir, image));
  }
  const seconds = images.length * 0.05;
  await sleep(taskWallMs(ctx.settings, seconds), ctx.signal);
  ctx.console.print(tqdmDone('Producing predictions', images.length, seconds));
  return 'passed';
}
