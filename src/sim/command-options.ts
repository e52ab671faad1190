import type { TaoDialect } from '../pipeline/tao/types.js';
import type { OptionSpec } from './argparse.js';

/**
 * The options each simulated TAO task accepts, taken from TAO's parsers (TAO 5: `nvidia_tao_tf1` scripts and
 * `tao_deploy`; TAO 3/4 the same tasks where the key is required because models are encrypted with it).
 */
export type TaoTask = 'train' | 'evaluate' | 'prune' | 'export' | 'inference' | 'gen_trt_engine';

/** The TF1 entrypoint's own options, accepted by every task (`cv/common/entrypoint/entrypoint.py`). */
const ENTRYPOINT: OptionSpec[] = [
  { flags: ['--num_processes', '-np'], type: 'int' },
  { flags: ['--gpus'], type: 'int' },
  { flags: ['--gpu_index'], type: 'int', nargs: '+' },
  { flags: ['--use_amp'], nargs: 'flag' },
  { flags: ['--log_file'] },
];

/** `tao deploy`'s entrypoint options. */
const DEPLOY_ENTRYPOINT: OptionSpec[] = [{ flags: ['--gpu_index'], type: 'int' }, { flags: ['--log_file'] }];

const key = (dialect: TaoDialect): OptionSpec => ({ flags: ['-k', '--key'], required: dialect === 'tao4' });

function taskOptions(task: TaoTask, dialect: TaoDialect): OptionSpec[] {
  switch (task) {
    case 'train':
      return [
        { flags: ['-e', '--experiment_spec_file'], required: true },
        { flags: ['-r', '--results_dir'], required: true },
        key(dialect),
        { flags: ['-m', '--resume_model_weights'] },
        { flags: ['--initial_epoch'], type: 'int' },
        { flags: ['--arch'], choices: ['ssd', 'dssd'] },
        { flags: ['--use_multiprocessing'], nargs: 'flag' },
      ];
    case 'evaluate':
      return [
        { flags: ['-m', '--model_path'], required: true },
        key(dialect),
        { flags: ['-e', '--experiment_spec'], required: true },
        { flags: ['-r', '--results_dir'] },
        { flags: ['-i', '--image_dir'], hidden: true },
        { flags: ['-l', '--label_dir'], hidden: true },
        { flags: ['-b', '--batch_size'], type: 'int', hidden: true },
      ];
    case 'prune':
      return [
        { flags: ['-m', '--model'], required: true },
        { flags: ['-o', '--output_file'], required: true },
        { flags: ['--results_dir'] },
        key(dialect),
        // TAO checks these two with asserts after parsing, not with argparse choices.
        { flags: ['-n', '--normalizer'] },
        { flags: ['-eq', '--equalization_criterion'] },
        { flags: ['-pg', '--pruning_granularity'], type: 'int' },
        { flags: ['-pth', '--pruning_threshold'], type: 'float' },
        { flags: ['-nf', '--min_num_filters'], type: 'int' },
        { flags: ['-el', '--excluded_layers'], nargs: '*' },
        { flags: ['-v', '--verbose'], nargs: 'flag' },
      ];
    case 'export':
      return exportOptions(dialect);
    case 'inference':
      return [
        { flags: ['-m', '--model_path'], required: true },
        { flags: ['-i', '--image_dir'], required: true },
        key(dialect),
        { flags: ['-e', '--experiment_spec'], required: true },
        { flags: ['-r', '--results_dir'], required: true },
        { flags: ['-t', '--threshold'], type: 'float' },
      ];
    case 'gen_trt_engine':
      return [
        { flags: ['-m', '--model_path'], required: true },
        { flags: ['-k', '--key'] },
        { flags: ['-e', '--experiment_spec'], required: true },
        { flags: ['--data_type'], choices: ['fp32', 'fp16', 'int8'] },
        { flags: ['--cal_image_dir'] },
        { flags: ['--cal_data_file'] },
        { flags: ['--cal_cache_file'] },
        { flags: ['--cal_json_file'] },
        { flags: ['--engine_file'] },
        { flags: ['--max_batch_size'], type: 'int' },
        { flags: ['--opt_batch_size'], type: 'int' },
        { flags: ['--min_batch_size'], type: 'int' },
        { flags: ['--batch_size'], type: 'int' },
        { flags: ['--batches'], type: 'int' },
        { flags: ['--max_workspace_size'], type: 'int' },
        { flags: ['-s', '--strict_type_constraints'], nargs: 'flag' },
        { flags: ['--force_ptq'], nargs: 'flag' },
        { flags: ['-v', '--verbose'], nargs: 'flag' },
        { flags: ['-r', '--results_dir'] },
      ];
  }
}

/** TAO 5 hides the TensorRT options of export (they moved to `tao deploy`) but still parses them. */
function exportOptions(dialect: TaoDialect): OptionSpec[] {
  const trtHidden = dialect === 'tao5';
  return [
    { flags: ['-m', '--model'], required: true },
    key(dialect),
    { flags: ['-o', '--output_file'] },
    { flags: ['--force_ptq'], nargs: 'flag', hidden: true },
    { flags: ['--cal_data_file'], hidden: trtHidden },
    { flags: ['--cal_image_dir'], hidden: trtHidden },
    { flags: ['--cal_json_file'] },
    { flags: ['--data_type'], choices: ['fp32', 'fp16', 'int8'], hidden: trtHidden },
    { flags: ['-s', '--strict_type_constraints'], nargs: 'flag', hidden: true },
    { flags: ['--gen_ds_config'], nargs: 'flag' },
    { flags: ['--cal_cache_file'], hidden: trtHidden },
    { flags: ['--batches'], type: 'int', hidden: trtHidden },
    { flags: ['--max_workspace_size'], type: 'int', hidden: true },
    { flags: ['--max_batch_size'], type: 'int', hidden: trtHidden },
    { flags: ['--batch_size'], type: 'int', hidden: trtHidden },
    { flags: ['--min_batch_size'], type: 'int', hidden: true },
    { flags: ['--opt_batch_size'], type: 'int', hidden: true },
    { flags: ['--onnx_route'], hidden: true },
    { flags: ['-e', '--experiment_spec'] },
    { flags: ['--engine_file'], hidden: trtHidden },
    { flags: ['--static_batch_size'], type: 'int' },
    { flags: ['--target_opset'], type: 'int' },
    { flags: ['--results_dir'] },
    { flags: ['-v', '--verbose'], nargs: 'flag' },
  ];
}

/** Every option of a task, the entrypoint's first as in TAO's chained parsers. */
export function optionsFor(task: TaoTask, dialect: TaoDialect): OptionSpec[] {
  return [...(task === 'gen_trt_engine' ? DEPLOY_ENTRYPOINT : ENTRYPOINT), ...taskOptions(task, dialect)];
}

export const MODEL_TASKS: readonly TaoTask[] = ['train', 'evaluate', 'prune', 'export', 'inference'];
export const DEPLOY_TASKS: readonly TaoTask[] = ['gen_trt_engine'];
