/**
 * A year of history for the analytics benchmark, generated inside the database with `generate_series`: 20,000
 * runs in blocks of ten (three trainings, two prunes, their two retrains, a deployment, an evaluation, an export),
 * 100 epochs for each training and retraining (1,000,000 epoch rows, every tenth validated with per-class AP),
 * a checkpoint every ten epochs, prune results, deployments to four devices, evaluations and approvals.
 */
export const BENCH_RUNS = 20_000;
export const BENCH_EPOCHS_PER_RUN = 100;

/**
 * Statements in order; `$T0` is replaced by the start of the history (a year before now). The last one,
 * `vacuum analyze`, stands in for autovacuum: statistics, and the visibility map index-only scans need.
 */
export const SEED_STATEMENTS: readonly string[] = [
  `insert into runs (id, kind, parent_run_id, model, network, server, gpus, state, requested_by, platform,
     channel_id, num_epochs, created_at, started_at, finished_at, updated_at, error)
   select i + 1,
     (array['train','train','train','prune','prune','retrain','retrain','deploy','evaluate','export'])[i % 10 + 1]::run_kind,
     case i % 10 when 3 then i - 2 when 4 then i - 2 when 5 then i - 1 when 6 then i - 1 when 7 then i - 1
       when 8 then i - 3 when 9 then i - 3 end,
     (array['ssd_resnet18','ssd_resnet34','yolo_v4_resnet18','retinanet_resnet18'])[(i / 10) % 4 + 1],
     'ssd', 'gpu' || (i % 8), 1 + i % 2,
     (case when i >= ${BENCH_RUNS - 10} then 'running' when i % 23 = 0 then 'failed'
       when i % 97 = 0 then 'cancelled' else 'succeeded' end)::run_state,
     'slack:U' || (i % 5), 'slack', 'C1', 100,
     $T0 + i * interval '26 minutes',
     $T0 + i * interval '26 minutes' + interval '2 minutes',
     case when i >= ${BENCH_RUNS - 10} then null
       else $T0 + i * interval '26 minutes' + (2 + 20 * (1 + i % 6)) * interval '1 minute' end,
     $T0 + i * interval '26 minutes' + (2 + 20 * (1 + i % 6)) * interval '1 minute',
     case when i % 23 = 0 then 'CUDA out of memory' end
   from generate_series(0, ${BENCH_RUNS - 1}) as i`,
  `select setval(pg_get_serial_sequence('runs', 'id'), ${BENCH_RUNS})`,
  `insert into epochs (run_id, epoch, loss, lr, map, validation_loss, ap, epoch_seconds, recorded_at)
   select r.id, e, 10.0 / e, 0.001,
     case when e % 10 = 0 then least(0.95, 0.3 + 0.004 * e + (r.id % 17) * 0.01) end,
     case when e % 10 = 0 then 8.0 / e end,
     case when e % 10 = 0 then jsonb_build_object('car', 0.5 + 0.004 * e, 'cyclist', 0.3 + 0.004 * e,
       'pedestrian', 0.35 + 0.004 * e) else '{}'::jsonb end,
     45 + r.id % 7, r.started_at + e * interval '10 seconds'
   from runs r cross join generate_series(1, ${BENCH_EPOCHS_PER_RUN}) as e
   where r.kind in ('train', 'retrain')`,
  `insert into checkpoints (run_id, epoch, path, bytes, created_at, deleted_at)
   select r.id, e, '/data/runs/' || r.id || '/weights/model_epoch_' || lpad(e::text, 3, '0') || '.hdf5',
     case when r.kind = 'train' then 106640179 else 20971520 + (r.id % 5) * 1048576 end,
     r.started_at + e * interval '10 seconds',
     case when e < 100 and e % 20 = 10 then r.started_at + interval '1 day' end
   from runs r cross join generate_series(10, ${BENCH_EPOCHS_PER_RUN}, 10) as e
   where r.kind in ('train', 'retrain')`,
  `insert into prune_results (run_id, source_run_id, source_epoch, threshold, normalizer, equalization,
     granularity, min_filters, param_ratio, size_bytes, source_size_bytes, output_path, created_at)
   select r.id, r.parent_run_id, 100, 0.1 + 0.1 * (r.id % 3), 'max', 'union', 8, 16,
     0.25 - 0.05 * (r.id % 3), 23592960 - (r.id % 3) * 5242880, 106640179, '/data/pruned.hdf5', coalesce(r.finished_at, r.started_at)
   from runs r where r.kind = 'prune'`,
  `insert into deployments (run_id, source_run_id, epoch, device, precision, engine_bytes, throughput_qps,
     latency_mean_ms, latency_p99_ms, tensorrt_version, created_at)
   select r.id, r.parent_run_id, 100, (array['nano','orin','xavier','agx'])[r.id % 4 + 1], 'int8', 12582912,
     200 + r.id % 50, 4.5, 6.0, '8.6.2', coalesce(r.finished_at, r.started_at)
   from runs r where r.kind = 'deploy'`,
  `insert into evaluations (run_id, source_run_id, epoch, map, ap, created_at)
   select r.id, r.parent_run_id, 1, 0.4 + (r.id % 10) * 0.01, '{"car": 0.5}'::jsonb, coalesce(r.finished_at, r.started_at)
   from runs r where r.kind = 'evaluate'`,
  `insert into approvals (kind, run_id, subject, subject_hash, requested_by, approvers, state, expires_at,
     decided_by, decided_at, platform, channel_id, created_at)
   select case when r.kind = 'retrain' then 'retrain' else 'deploy' end, r.id, '{}'::jsonb, 'h', r.requested_by,
     '[]'::jsonb, case when r.id > ${BENCH_RUNS - 40} then 'pending' else 'approved' end,
     r.created_at + interval '1 day',
     case when r.id > ${BENCH_RUNS - 40} then null else 'slack:U9' end,
     case when r.id > ${BENCH_RUNS - 40} then null else r.created_at + interval '1 minute' end,
     'slack', 'C1', r.created_at
   from runs r where r.kind in ('retrain', 'deploy')`,
  'vacuum analyze',
];
