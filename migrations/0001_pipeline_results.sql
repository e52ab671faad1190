CREATE TABLE "deployments" (
	"run_id" integer PRIMARY KEY NOT NULL,
	"source_run_id" integer NOT NULL,
	"epoch" integer NOT NULL,
	"device" text NOT NULL,
	"precision" text NOT NULL,
	"engine_path" text,
	"engine_bytes" bigint,
	"throughput_qps" double precision,
	"latency_mean_ms" double precision,
	"latency_p99_ms" double precision,
	"tensorrt_version" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evaluations" (
	"run_id" integer PRIMARY KEY NOT NULL,
	"source_run_id" integer NOT NULL,
	"epoch" integer NOT NULL,
	"map" double precision,
	"ap" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "prune_results" (
	"run_id" integer PRIMARY KEY NOT NULL,
	"source_run_id" integer NOT NULL,
	"source_epoch" integer NOT NULL,
	"threshold" double precision NOT NULL,
	"normalizer" text NOT NULL,
	"equalization" text NOT NULL,
	"granularity" integer NOT NULL,
	"min_filters" integer NOT NULL,
	"excluded_layers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"param_ratio" double precision,
	"size_bytes" bigint,
	"source_size_bytes" bigint,
	"param_count" bigint,
	"output_path" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prune_results" ADD CONSTRAINT "prune_results_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deployments_device_idx" ON "deployments" USING btree ("device","created_at");--> statement-breakpoint
CREATE INDEX "prune_results_source_idx" ON "prune_results" USING btree ("source_run_id");