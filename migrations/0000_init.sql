CREATE TYPE "public"."run_kind" AS ENUM('train', 'retrain', 'evaluate', 'prune', 'export', 'deploy');--> statement-breakpoint
CREATE TYPE "public"."run_state" AS ENUM('pending_approval', 'queued', 'starting', 'running', 'succeeded', 'failed', 'cancelled', 'rejected');--> statement-breakpoint
CREATE TABLE "approvals" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"run_id" integer NOT NULL,
	"subject" jsonb NOT NULL,
	"subject_hash" text NOT NULL,
	"requested_by" text NOT NULL,
	"approvers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"platform" text NOT NULL,
	"channel_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"target" text,
	"allowed" boolean NOT NULL,
	"reason" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "chat_messages" (
	"id" serial PRIMARY KEY NOT NULL,
	"run_id" integer,
	"purpose" text NOT NULL,
	"platform" text NOT NULL,
	"channel_id" text NOT NULL,
	"message_ref" text NOT NULL,
	"thread_ref" text,
	"content_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "checkpoints" (
	"run_id" integer NOT NULL,
	"epoch" integer NOT NULL,
	"path" text NOT NULL,
	"bytes" bigint NOT NULL,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "checkpoints_run_id_epoch_pk" PRIMARY KEY("run_id","epoch")
);
--> statement-breakpoint
CREATE TABLE "epochs" (
	"run_id" integer NOT NULL,
	"epoch" integer NOT NULL,
	"loss" double precision,
	"lr" double precision,
	"map" double precision,
	"validation_loss" double precision,
	"ap" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"epoch_seconds" double precision,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "epochs_run_id_epoch_pk" PRIMARY KEY("run_id","epoch")
);
--> statement-breakpoint
CREATE TABLE "file_offsets" (
	"run_id" integer NOT NULL,
	"file" text NOT NULL,
	"offset" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "file_offsets_run_id_file_pk" PRIMARY KEY("run_id","file")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"key" text PRIMARY KEY NOT NULL,
	"run_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "run_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"type" text NOT NULL,
	"from_state" "run_state",
	"to_state" "run_state",
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" "run_kind" NOT NULL,
	"parent_run_id" integer,
	"model" text NOT NULL,
	"network" text NOT NULL,
	"server" text NOT NULL,
	"gpus" integer DEFAULT 1 NOT NULL,
	"gpu_indices" jsonb,
	"state" "run_state" DEFAULT 'queued' NOT NULL,
	"spec_snapshot" text,
	"spec_hash" text,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"num_epochs" integer,
	"requested_by" text NOT NULL,
	"platform" text NOT NULL,
	"channel_id" text NOT NULL,
	"results_dir" text,
	"argv" jsonb,
	"process_handle" jsonb,
	"simulated" boolean DEFAULT false NOT NULL,
	"exit_code" integer,
	"error" text,
	"log_tail" text,
	"result" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "servers" (
	"name" text PRIMARY KEY NOT NULL,
	"executor" text NOT NULL,
	"host" text,
	"gpus" integer NOT NULL,
	"tao_version" integer NOT NULL,
	"simulated" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_messages" ADD CONSTRAINT "chat_messages_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkpoints" ADD CONSTRAINT "checkpoints_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "epochs" ADD CONSTRAINT "epochs_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "file_offsets" ADD CONSTRAINT "file_offsets_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_events" ADD CONSTRAINT "run_events_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "approvals_state_idx" ON "approvals" USING btree ("state");--> statement-breakpoint
CREATE UNIQUE INDEX "chat_messages_run_purpose_idx" ON "chat_messages" USING btree ("run_id","platform","purpose");--> statement-breakpoint
CREATE INDEX "run_events_run_idx" ON "run_events" USING btree ("run_id","id");--> statement-breakpoint
CREATE INDEX "runs_state_idx" ON "runs" USING btree ("state");--> statement-breakpoint
CREATE INDEX "runs_model_idx" ON "runs" USING btree ("model","created_at");--> statement-breakpoint
CREATE INDEX "runs_parent_idx" ON "runs" USING btree ("parent_run_id");