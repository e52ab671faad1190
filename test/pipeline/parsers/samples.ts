/**
 * Small samples written from the documented TAO formats (the project's reference notes on TAO's formats,
 * §1–3). Lines tagged REAL there are copied as published; the rest follow the format NVIDIA's source writes.
 */

const BS = '\b';

/** §1.2: the KITTI 3-class header, Python csv's CRLF endings, `nan` on epochs without validation. */
export const KITTI_CSV = [
  'epoch,AP_car,AP_cyclist,AP_pedestrian,loss,lr,mAP,validation_loss',
  '9,nan,nan,nan,10.1186161041,0.0199999995,nan,nan',
  '10,0.70128,0.51224,0.48307,9.8230314255,0.0199999995,0.5655300000000001,8.6221351624',
  '',
].join('\r\n');

/** §1.1: a resumed run (`--initial_epoch 3`) recreates the file, so a second header follows. */
export const RESUMED_CSV = [
  'epoch,AP_car,loss,lr,mAP,validation_loss',
  '1,nan,20.5,0.001,nan,nan',
  '2,0.4,18.25,0.002,0.4,12.5',
  'epoch,AP_car,loss,lr,mAP,validation_loss',
  '3,nan,17.0,0.003,nan,nan',
  '',
].join('\n');

const stamp = (time: string) => `"date": "1/5/2024", "time": "${time}"`;
const running = (time: string, message: string) =>
  `${stamp(time)}, "status": "RUNNING", "verbosity": "INFO", "message": "${message}"`;

/** §2.2: `ssd train` status.json, with the stale-graphical lines its second logger writes. */
export const SSD_TRAIN_STATUS = [
  `{${stamp('9:3:7')}, "status": "STARTED", "verbosity": "INFO", "message": "Starting Training Loop."}`,
  `{"epoch": 9, "max_epoch": 80, "time_per_epoch": "0:05:12.345678", "eta": "6:09:36.543138", ${running('9:50:1', 'Training loop in progress')}, "graphical": {"loss": "10.1186161041", "learning_rate": "0.0199999995", "validation_loss": "nan", "mean average precision": "nan"}, "kpi": {"mean average precision": "nan"}}`,
  `{${running('9:55:2', 'Evaluation metrics generated.')}, "graphical": {"validation loss": 8.62213516, "mean average precision": 0.56553}}`,
  `{"epoch": 10, "max_epoch": 80, "time_per_epoch": "0:05:13", "eta": "6:05:10", ${running('9:55:3', 'Training loop in progress')}, "graphical": {"loss": "9.8230314255", "learning_rate": "0.0199999995", "validation_loss": "8.6221351624", "mean average precision": "0.56553"}, "kpi": {"mean average precision": "0.56553"}}`,
  `{"epoch": 11, "max_epoch": 80, "time_per_epoch": "0:05:12", "eta": "5:58:48", ${running('10:0:15', 'Training loop in progress')}, "graphical": {"loss": "9.5", "learning_rate": "0.0199999995", "validation_loss": "nan", "mean average precision": "0.56553"}, "kpi": {"mean average precision": "0.56553"}}`,
  `{${running('17:1:0', 'Training loop complete.')}, "graphical": {"validation loss": 8.62213516, "mean average precision": 0.56553}}`,
  `{${stamp('17:1:1')}, "status": "SUCCESS", "verbosity": "INFO", "message": "Training finished successfully.", "graphical": {"validation loss": 8.62213516, "mean average precision": 0.56553}}`,
  '',
].join('\n');

/** §2.3: prune (its kpi repeated on the success line), evaluate, export and tao deploy. */
export const OTHER_TASKS_STATUS = [
  `{${running('2:39:38', 'Pruning ratio (pruned model / original model): 0.26947645427472383')}, "kpi": {"pruning_ratio": 0.26947645427472383, "size": 21.225, "param_count": 3.412}}`,
  `{${stamp('2:39:40')}, "status": "SUCCESS", "verbosity": "INFO", "message": "Pruning finished successfully.", "kpi": {"pruning_ratio": 0.26947645427472383, "size": 21.225, "param_count": 3.412}}`,
  `{${stamp('3:0:0')}, "status": "STARTED", "verbosity": "INFO", "message": "Starting SSD evaluation."}`,
  `{${stamp('3:2:0')}, "status": "SUCCESS", "verbosity": "INFO", "message": "Evaluation finished successfully.", "kpi": {"mAP": 0.90779}}`,
  `{${running('3:5:0', 'Building exporter object.')}}`,
  `{${running('3:5:1', 'Exporting the model.')}}`,
  `{${stamp('3:5:9')}, "status": "SUCCESS", "verbosity": "INFO", "message": "Export finished successfully."}`,
  `{${stamp('3:6:0')}, "status": "STARTED", "verbosity": "INFO", "message": "Starting ssd gen_trt_engine."}`,
  `{${running('3:9:0', 'Gen_trt_engine finished successfully.')}}`,
  `{${stamp('3:9:5')}, "status": "FAILURE", "verbosity": "INFO", "message": "Configuration error: the engine file exists"}`,
  '',
].join('\n');

/**
 * §3.2: the TAO 3 YOLOv4 validation block (REAL) with the glued 14+ character row of the YOLOv4-tiny log
 * (REAL) added to its table, after an epoch header and final frame written in the documented Keras form.
 */
export const VALIDATION_BLOCK = [
  'Epoch 10/80',
  '  9/9 [==============================] - 12s 1s/step - loss: 41.0135',
  'Producing predictions: 100%|██████████| 200/200 [00:56<00:00,  3.54it/s]',
  'Start to calculate AP for each class',
  '*******************************',
  'bottom_left   AP    0.69871',
  'electric_bicycleAP    0.66367',
  'license_plate AP    0.88446',
  '              mAP   0.7651',
  '*******************************',
  'Validation loss: 41.868257820344645',
  '',
].join('\n');

/** A terminal-style Keras epoch: every frame rewrites the line with `\b` runs and `\r`. */
export function kerasTerminalEpoch(epoch: number, steps: number, finalLoss: string): string {
  const frames: string[] = [];
  for (let step = 1; step < steps; step++) {
    const bar = `${'='.repeat(step - 1)}>`.padEnd(30, '.');
    frames.push(
      `${String(step).padStart(2)}/${steps} [${bar}] - ETA: ${steps - step}s - loss: ${(30 - step).toFixed(4)}`,
    );
  }
  const last = `${steps}/${steps} [${'='.repeat(30)}] - 18s 210ms/step - loss: ${finalLoss}`;
  const body = [...frames, last].map((frame, i) => `${i === 0 ? '' : BS.repeat(70)}\r${frame}`).join('');
  return `Epoch ${epoch}/80\n${body}\n`;
}

/** A file-style Keras epoch (not a terminal): Keras starts each frame on a new line instead. */
export const KERAS_FILE_EPOCH = [
  'Epoch 3/80',
  '',
  ' 1/85 [..............................] - ETA: 1:23 - loss: 25.1234',
  ' 2/85 [>.............................] - ETA: 45s - loss: 24.9000',
  '85/85 [==============================] - 18s 210ms/step - loss: 1.2345e-04',
  '',
].join('\n');

/** §3.1, §3.4, §3.5 and §2.3: prefixed TAO 3 and TAO 5 lines. */
export const PREFIXED_LINES = [
  '2024-01-31 11:05:27,929 [TAO Toolkit] [INFO] nvidia_tao_tf1.core.hooks.sample_counter_hook 76: Train Samples / sec: 0.514',
  '2022-01-18 02:39:38,593 [INFO] modulus.pruning.pruning: Exploring graph for retainable indices',
  '2022-01-18 02:39:38,593 [INFO] __main__: Pruning ratio (pruned model / original model): 0.26947645427472383',
  '2024-01-31 11:05:27,929 [TAO Toolkit] [INFO] nvidia_tao_tf1.cv.detectnet_v2.tfhooks.task_progress_monitor_hook 149: Epoch 0/80: loss: 0.06473 learning rate: 1.2500004e-05 Time taken: 0:00:00 ETA: 0:00:00',
  '2024-01-31 11:06:00,001 [TAO Toolkit] [WARNING] nvidia_tao_tf1.cv.common.utils 412: Checkpoint interval is larger than num_epochs',
  '2024-01-31 11:07:00,000 [TAO Toolkit] [INFO] root 2102: Saving exported model to /results/export/ssd_resnet18_epoch_080.onnx',
  "Telemetry data couldn't be sent, but the command ran successfully.",
  'Execution status: PASS',
  '',
].join('\n');

/** A Python traceback (the standard format) ending a failed run. */
export const TRACEBACK = [
  'Traceback (most recent call last):',
  '  File "/usr/local/lib/python3.8/dist-packages/nvidia_tao_tf1/cv/ssd/scripts/train.py", line 560, in <module>',
  '    main()',
  '  File "/usr/local/lib/python3.8/dist-packages/nvidia_tao_tf1/cv/ssd/scripts/train.py", line 541, in main',
  '    run_experiment(config_path=args.experiment_spec_file,',
  'tensorflow.python.framework.errors_impl.ResourceExhaustedError: OOM when allocating tensor with shape[16,64,150,150]',
  'Execution status: FAIL',
  '',
].join('\n');

/** §3.5: trtexec's TensorRT 8.5 summary (REAL, elided values filled with plausible numbers). */
export const TRTEXEC_8 = [
  '[03/14/2023-10:00:00] [I] === Performance summary ===',
  '[03/14/2023-10:00:00] [I] Throughput: 97.8649 qps',
  '[03/14/2023-10:00:00] [I] Latency: min = 10.642 ms, max = 10.9861 ms, mean = 10.7971 ms, median = 10.7972 ms, percentile(90%) = 10.88 ms, percentile(95%) = 10.91 ms, percentile(99%) = 10.9744 ms',
  '[03/14/2023-10:00:00] [I] Enqueue Time: min = 1.01 ms, max = 2.2 ms, mean = 1.5 ms, median = 1.4 ms, percentile(90%) = 1.9 ms, percentile(95%) = 2 ms, percentile(99%) = 2.1 ms',
  '[03/14/2023-10:00:00] [I] H2D Latency: min = 0.1 ms, max = 0.2 ms, mean = 0.15 ms, median = 0.15 ms, percentile(90%) = 0.18 ms, percentile(95%) = 0.19 ms, percentile(99%) = 0.2 ms',
  '[03/14/2023-10:00:00] [I] GPU Compute Time: min = 10.0 ms, max = 10.4 ms, mean = 10.1824 ms, median = 10.18 ms, percentile(90%) = 10.3 ms, percentile(95%) = 10.35 ms, percentile(99%) = 10.39 ms',
  '&&&& PASSED TensorRT.trtexec [TensorRT v8502] # trtexec --onnx=yolox_s.onnx --fp16',
  '',
].join('\n');

/** §3.5: the older TensorRT 7 form (REAL excerpt), inside its host-latency and GPU-compute sections. */
export const TRTEXEC_7 = [
  '[I] Host Latency',
  '[I] min: 13.1 ms (end to end 13.5 ms)',
  '[I] max: 14.2 ms (end to end 14.9 ms)',
  '[I] mean: 13.4 ms (end to end 13.9 ms)',
  '[I] median: 13.3 ms (end to end 13.8 ms)',
  '[I] percentile: 13.9 ms at 99% (end to end 14.5 ms at 99%)',
  '[I] throughput: 0 qps',
  '[I] GPU Compute',
  '[I] mean: 12.8239 ms',
  '[I] percentile: 13.2598 ms at 99%',
  '[I] Enqueue Time',
  '[I] mean: 0.5 ms',
  '&&&& PASSED TensorRT.trtexec # trtexec --loadEngine=ssd.engine',
  '',
].join('\n');
