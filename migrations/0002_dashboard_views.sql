-- Read-only views for dashboards: a Grafana PostgreSQL data source can query them as they are. Times are
-- timestamptz, durations seconds, sizes bytes and MB (2^20 bytes, as TAO prints them), mAP a fraction in 0-1.
-- Views are recreated with CREATE OR REPLACE so later migrations can add columns at the end.

CREATE OR REPLACE VIEW "v_runs" AS
SELECT
  r.id AS run_id,
  r.kind::text AS kind,
  r.model,
  r.network,
  r.server,
  r.state::text AS state,
  r.gpus,
  r.simulated,
  r.parent_run_id,
  r.requested_by,
  r.platform,
  r.channel_id,
  r.num_epochs,
  r.created_at,
  r.started_at,
  f.finished_at,
  EXTRACT(EPOCH FROM (r.started_at - r.created_at))::float8 AS queued_seconds,
  EXTRACT(EPOCH FROM (COALESCE(f.finished_at, now()) - r.started_at))::float8 AS duration_seconds,
  (r.gpus * EXTRACT(EPOCH FROM (COALESCE(f.finished_at, now()) - r.started_at)) / 3600)::float8 AS gpu_hours,
  e.epochs,
  e.validated_epochs,
  e.best_map,
  e.mean_epoch_seconds,
  r.exit_code,
  r.error
FROM runs r
CROSS JOIN LATERAL (
  SELECT COALESCE(r.finished_at,
    CASE WHEN r.state IN ('succeeded', 'failed', 'cancelled', 'rejected') THEN r.updated_at END) AS finished_at
) f
LEFT JOIN LATERAL (
  SELECT count(*)::int AS epochs, count(x.map)::int AS validated_epochs, max(x.map) AS best_map,
    avg(x.epoch_seconds)::float8 AS mean_epoch_seconds
  FROM epochs x WHERE x.run_id = r.id
) e ON true;
--> statement-breakpoint
CREATE OR REPLACE VIEW "v_epochs" AS
SELECT
  e.run_id,
  e.epoch,
  r.kind::text AS kind,
  r.model,
  r.server,
  r.simulated,
  e.loss,
  e.lr,
  e.map,
  e.validation_loss,
  e.epoch_seconds,
  e.ap,
  e.recorded_at,
  (c.run_id IS NOT NULL AND c.deleted_at IS NULL) AS checkpoint_on_disk,
  c.bytes AS checkpoint_bytes
FROM epochs e
JOIN runs r ON r.id = e.run_id
LEFT JOIN checkpoints c ON c.run_id = e.run_id AND c.epoch = e.epoch;
--> statement-breakpoint
CREATE OR REPLACE VIEW "v_epoch_class_ap" AS
SELECT e.run_id, e.epoch, r.model, r.simulated, ap.key AS class, ap.value::float8 AS ap, e.recorded_at
FROM epochs e
JOIN runs r ON r.id = e.run_id
CROSS JOIN LATERAL jsonb_each_text(e.ap) AS ap
WHERE jsonb_typeof(e.ap) = 'object';
--> statement-breakpoint
CREATE OR REPLACE VIEW "v_prune_results" AS
SELECT
  p.run_id AS prune_run_id,
  r.model,
  r.state::text AS state,
  r.simulated,
  p.source_run_id,
  p.source_epoch,
  p.threshold,
  p.normalizer,
  p.equalization,
  p.granularity,
  p.min_filters,
  p.param_ratio,
  p.param_count,
  p.size_bytes,
  p.source_size_bytes,
  (p.size_bytes / 1048576.0)::float8 AS size_mb,
  (p.source_size_bytes / 1048576.0)::float8 AS source_size_mb,
  (p.size_bytes::float8 / NULLIF(p.source_size_bytes, 0))::float8 AS size_ratio,
  src.map AS source_map,
  rt.retrain_run_id,
  rt.retrain_state,
  rt.retrained_map,
  (src.map - rt.retrained_map)::float8 AS map_drop,
  p.created_at
FROM prune_results p
JOIN runs r ON r.id = p.run_id
LEFT JOIN epochs src ON src.run_id = p.source_run_id AND src.epoch = p.source_epoch
LEFT JOIN LATERAL (
  SELECT t.id AS retrain_run_id, t.state::text AS retrain_state,
    (SELECT max(x.map) FROM epochs x WHERE x.run_id = t.id) AS retrained_map
  FROM runs t
  WHERE t.parent_run_id = p.run_id AND t.kind = 'retrain'
  ORDER BY (t.state = 'succeeded') DESC, t.id DESC
  LIMIT 1
) rt ON true;
--> statement-breakpoint
CREATE OR REPLACE VIEW "v_deployments" AS
SELECT
  d.run_id AS deploy_run_id,
  r.state::text AS state,
  r.model,
  r.simulated,
  r.requested_by,
  d.source_run_id,
  s.kind::text AS source_kind,
  d.epoch,
  em.map,
  d.device,
  d.precision,
  d.engine_bytes,
  (d.engine_bytes / 1048576.0)::float8 AS engine_mb,
  d.throughput_qps,
  d.latency_mean_ms,
  d.latency_p99_ms,
  d.tensorrt_version,
  d.created_at,
  r.finished_at,
  (d.run_id = cur.run_id) AS is_current
FROM deployments d
JOIN runs r ON r.id = d.run_id
LEFT JOIN runs s ON s.id = d.source_run_id
LEFT JOIN epochs em ON em.run_id = d.source_run_id AND em.epoch = d.epoch
LEFT JOIN LATERAL (
  SELECT d2.run_id FROM deployments d2 JOIN runs r2 ON r2.id = d2.run_id
  WHERE d2.device = d.device AND r2.state = 'succeeded'
  ORDER BY r2.finished_at DESC NULLS LAST, d2.run_id DESC
  LIMIT 1
) cur ON true;
--> statement-breakpoint
CREATE OR REPLACE VIEW "v_approvals" AS
SELECT
  a.id AS approval_id,
  a.kind,
  a.run_id,
  r.kind::text AS run_kind,
  r.model,
  a.requested_by,
  a.approvers,
  CASE WHEN a.state = 'pending' AND a.expires_at <= now() THEN 'expired' ELSE a.state END AS state,
  a.created_at,
  a.expires_at,
  a.decided_by,
  a.decided_at,
  EXTRACT(EPOCH FROM (COALESCE(a.decided_at, LEAST(now(), a.expires_at)) - a.created_at))::float8 AS wait_seconds,
  a.platform,
  a.channel_id,
  a.subject
FROM approvals a
JOIN runs r ON r.id = a.run_id;
--> statement-breakpoint
CREATE OR REPLACE VIEW "v_checkpoints" AS
SELECT
  c.run_id,
  c.epoch,
  r.kind::text AS kind,
  r.model,
  r.server,
  r.simulated,
  c.path,
  c.bytes,
  (c.bytes / 1048576.0)::float8 AS mb,
  e.map,
  c.created_at,
  c.deleted_at,
  (c.deleted_at IS NULL) AS on_disk
FROM checkpoints c
JOIN runs r ON r.id = c.run_id
LEFT JOIN epochs e ON e.run_id = c.run_id AND e.epoch = c.epoch;
--> statement-breakpoint
-- Indexes for the daily summary and the frontier (bench/analytics.ts: 20,000 runs, 1,000,000 epochs). Runs that
-- ended in a period, and the unfinished ones (its nulls):
CREATE INDEX IF NOT EXISTS "runs_finished_at_idx" ON "runs" USING btree ("finished_at");
--> statement-breakpoint
-- Validated epochs only (about one in ten), covering what the best-checkpoint lookups read:
CREATE INDEX IF NOT EXISTS "epochs_validated_idx" ON "epochs" USING btree ("run_id", "epoch") INCLUDE ("map", "recorded_at") WHERE "map" IS NOT NULL;
--> statement-breakpoint
-- Checkpoints still on disk, with their size: the frontier's best-checkpoint probes and the disk-use sums read
-- only this index; and the few deleted since a period began.
CREATE INDEX IF NOT EXISTS "checkpoints_on_disk_idx" ON "checkpoints" USING btree ("run_id", "epoch") INCLUDE ("bytes", "created_at") WHERE "deleted_at" IS NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "checkpoints_deleted_idx" ON "checkpoints" USING btree ("deleted_at") WHERE "deleted_at" IS NOT NULL;
--> statement-breakpoint
-- Evaluations of a model (a pruned model evaluated without retraining is a frontier point):
CREATE INDEX IF NOT EXISTS "evaluations_source_idx" ON "evaluations" USING btree ("source_run_id");
