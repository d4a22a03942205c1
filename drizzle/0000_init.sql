CREATE TABLE "blocks" (
	"chain_id" integer NOT NULL,
	"number" bigint NOT NULL,
	"hash" text NOT NULL,
	"parent_hash" text NOT NULL,
	"timestamp" bigint NOT NULL,
	"base_fee_per_gas" numeric(78, 0),
	"blob_gas_used" bigint,
	"excess_blob_gas" bigint,
	"finalized_at" bigint,
	"finalized_estimated" boolean DEFAULT false NOT NULL,
	CONSTRAINT "blocks_chain_id_number_pk" PRIMARY KEY("chain_id","number")
);
--> statement-breakpoint
CREATE TABLE "chain_heads" (
	"chain_id" integer PRIMARY KEY NOT NULL,
	"latest" bigint NOT NULL,
	"safe" bigint,
	"finalized" bigint,
	"latest_time" bigint,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync_ranges" (
	"chain_id" integer NOT NULL,
	"source" text NOT NULL,
	"from_block" bigint NOT NULL,
	"to_block" bigint NOT NULL,
	CONSTRAINT "sync_ranges_chain_id_source_from_block_pk" PRIMARY KEY("chain_id","source","from_block")
);
--> statement-breakpoint
CREATE TABLE "bridge_messages" (
	"chain_id" integer NOT NULL,
	"block_number" bigint NOT NULL,
	"block_hash" text NOT NULL,
	"block_time" bigint NOT NULL,
	"tx_hash" text NOT NULL,
	"tx_index" integer NOT NULL,
	"log_index" integer NOT NULL,
	"sub_index" integer DEFAULT 0 NOT NULL,
	"rollup_id" text NOT NULL,
	"direction" text NOT NULL,
	"kind" text NOT NULL,
	"message_id" text NOT NULL,
	"stage" text NOT NULL,
	"sender" text,
	"recipient" text,
	"token" text,
	"amount" numeric(78, 0),
	"l2_tx_hash" text,
	"extra" jsonb,
	CONSTRAINT "bridge_messages_chain_id_block_number_tx_index_log_index_sub_index_pk" PRIMARY KEY("chain_id","block_number","tx_index","log_index","sub_index")
);
--> statement-breakpoint
CREATE TABLE "challenge_moves" (
	"chain_id" integer NOT NULL,
	"block_number" bigint NOT NULL,
	"block_hash" text NOT NULL,
	"block_time" bigint NOT NULL,
	"tx_hash" text NOT NULL,
	"tx_index" integer NOT NULL,
	"log_index" integer NOT NULL,
	"sub_index" integer DEFAULT 0 NOT NULL,
	"rollup_id" text NOT NULL,
	"challenge_id" text NOT NULL,
	"action" text NOT NULL,
	"claimant" text,
	"parent_index" text,
	"claim" text,
	"status" text,
	"extra" jsonb,
	CONSTRAINT "challenge_moves_chain_id_block_number_tx_index_log_index_sub_index_pk" PRIMARY KEY("chain_id","block_number","tx_index","log_index","sub_index")
);
--> statement-breakpoint
CREATE TABLE "challenges" (
	"chain_id" integer NOT NULL,
	"block_number" bigint NOT NULL,
	"block_hash" text NOT NULL,
	"block_time" bigint NOT NULL,
	"tx_hash" text NOT NULL,
	"tx_index" integer NOT NULL,
	"log_index" integer NOT NULL,
	"sub_index" integer DEFAULT 0 NOT NULL,
	"rollup_id" text NOT NULL,
	"challenge_id" text NOT NULL,
	"type" text NOT NULL,
	"address" text,
	"disputed_root" text,
	"root_index" text,
	"l2_block_number" bigint,
	"creator" text,
	"extra" jsonb,
	CONSTRAINT "challenges_chain_id_block_number_tx_index_log_index_sub_index_pk" PRIMARY KEY("chain_id","block_number","tx_index","log_index","sub_index")
);
--> statement-breakpoint
CREATE TABLE "forced_messages" (
	"chain_id" integer NOT NULL,
	"block_number" bigint NOT NULL,
	"block_hash" text NOT NULL,
	"block_time" bigint NOT NULL,
	"tx_hash" text NOT NULL,
	"tx_index" integer NOT NULL,
	"log_index" integer NOT NULL,
	"sub_index" integer DEFAULT 0 NOT NULL,
	"rollup_id" text NOT NULL,
	"queue_index" numeric(78, 0) NOT NULL,
	"kind" text NOT NULL,
	"sender" text,
	"deadline" bigint,
	"window_seconds" bigint,
	"window_blocks" bigint,
	"message_hash" text,
	"extra" jsonb,
	CONSTRAINT "forced_messages_chain_id_block_number_tx_index_log_index_sub_index_pk" PRIMARY KEY("chain_id","block_number","tx_index","log_index","sub_index")
);
--> statement-breakpoint
CREATE TABLE "l2_blocks" (
	"rollup_id" text NOT NULL,
	"number" bigint NOT NULL,
	"hash" text NOT NULL,
	"timestamp" bigint NOT NULL,
	CONSTRAINT "l2_blocks_rollup_id_number_pk" PRIMARY KEY("rollup_id","number")
);
--> statement-breakpoint
CREATE TABLE "parameter_changes" (
	"chain_id" integer NOT NULL,
	"block_number" bigint NOT NULL,
	"block_hash" text NOT NULL,
	"block_time" bigint NOT NULL,
	"tx_hash" text NOT NULL,
	"tx_index" integer NOT NULL,
	"log_index" integer NOT NULL,
	"sub_index" integer DEFAULT 0 NOT NULL,
	"rollup_id" text NOT NULL,
	"name" text NOT NULL,
	"value" jsonb NOT NULL,
	CONSTRAINT "parameter_changes_chain_id_block_number_tx_index_log_index_sub_index_pk" PRIMARY KEY("chain_id","block_number","tx_index","log_index","sub_index")
);
--> statement-breakpoint
CREATE TABLE "sequencer_batches" (
	"chain_id" integer NOT NULL,
	"block_number" bigint NOT NULL,
	"block_hash" text NOT NULL,
	"block_time" bigint NOT NULL,
	"tx_hash" text NOT NULL,
	"tx_index" integer NOT NULL,
	"log_index" integer NOT NULL,
	"sub_index" integer DEFAULT 0 NOT NULL,
	"rollup_id" text NOT NULL,
	"batch_number" numeric(78, 0) NOT NULL,
	"submitter" text NOT NULL,
	"data_location" text NOT NULL,
	"bytes_posted" bigint DEFAULT 0 NOT NULL,
	"blob_count" bigint DEFAULT 0 NOT NULL,
	"blob_gas_used" numeric(78, 0),
	"blob_base_fee" numeric(78, 0),
	"l1_gas_used" numeric(78, 0),
	"l1_gas_price" numeric(78, 0),
	"execution_fee" numeric(78, 0),
	"blob_fee" numeric(78, 0),
	"l2_block_start" bigint,
	"l2_block_end" bigint,
	"l2_time_start" bigint,
	"l2_time_end" bigint,
	"delayed_messages_read" numeric(78, 0),
	"forced" boolean DEFAULT false NOT NULL,
	"extra" jsonb,
	CONSTRAINT "sequencer_batches_chain_id_block_number_tx_index_log_index_sub_index_pk" PRIMARY KEY("chain_id","block_number","tx_index","log_index","sub_index")
);
--> statement-breakpoint
CREATE TABLE "state_root_events" (
	"chain_id" integer NOT NULL,
	"block_number" bigint NOT NULL,
	"block_hash" text NOT NULL,
	"block_time" bigint NOT NULL,
	"tx_hash" text NOT NULL,
	"tx_index" integer NOT NULL,
	"log_index" integer NOT NULL,
	"sub_index" integer DEFAULT 0 NOT NULL,
	"rollup_id" text NOT NULL,
	"kind" text NOT NULL,
	"root_index" text NOT NULL,
	"status" text NOT NULL,
	"extra" jsonb,
	CONSTRAINT "state_root_events_chain_id_block_number_tx_index_log_index_sub_index_pk" PRIMARY KEY("chain_id","block_number","tx_index","log_index","sub_index")
);
--> statement-breakpoint
CREATE TABLE "state_roots" (
	"chain_id" integer NOT NULL,
	"block_number" bigint NOT NULL,
	"block_hash" text NOT NULL,
	"block_time" bigint NOT NULL,
	"tx_hash" text NOT NULL,
	"tx_index" integer NOT NULL,
	"log_index" integer NOT NULL,
	"sub_index" integer DEFAULT 0 NOT NULL,
	"rollup_id" text NOT NULL,
	"kind" text NOT NULL,
	"root_index" text NOT NULL,
	"parent_index" text,
	"root" text NOT NULL,
	"l2_block_number" bigint,
	"l2_block_hash" text,
	"proposer" text,
	"extra" jsonb,
	CONSTRAINT "state_roots_chain_id_block_number_tx_index_log_index_sub_index_pk" PRIMARY KEY("chain_id","block_number","tx_index","log_index","sub_index")
);
--> statement-breakpoint
CREATE TABLE "governance_events" (
	"chain_id" integer NOT NULL,
	"block_number" bigint NOT NULL,
	"block_hash" text NOT NULL,
	"block_time" bigint NOT NULL,
	"tx_hash" text NOT NULL,
	"tx_index" integer NOT NULL,
	"log_index" integer NOT NULL,
	"sub_index" integer DEFAULT 0 NOT NULL,
	"rollup_id" text NOT NULL,
	"contract" text NOT NULL,
	"contract_role" text NOT NULL,
	"kind" text NOT NULL,
	"scope" text DEFAULT '' NOT NULL,
	"old_value" text,
	"new_value" text,
	"actor" text,
	"delay_seconds" bigint,
	"extra" jsonb,
	CONSTRAINT "governance_events_rollup_id_chain_id_block_number_tx_index_log_index_sub_index_pk" PRIMARY KEY("rollup_id","chain_id","block_number","tx_index","log_index","sub_index")
);
--> statement-breakpoint
CREATE TABLE "rollups" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"stack" text NOT NULL,
	"l1_chain_id" integer NOT NULL,
	"l2_chain_id" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"parameters" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "decoder_state" (
	"chain_id" integer NOT NULL,
	"source" text NOT NULL,
	"key" text NOT NULL,
	"block_number" bigint NOT NULL,
	"value" jsonb,
	CONSTRAINT "decoder_state_chain_id_source_key_block_number_pk" PRIMARY KEY("chain_id","source","key","block_number")
);
--> statement-breakpoint
CREATE TABLE "factory_children" (
	"chain_id" integer NOT NULL,
	"source" text NOT NULL,
	"address" text NOT NULL,
	"block_number" bigint NOT NULL,
	"log_index" integer NOT NULL,
	CONSTRAINT "factory_children_chain_id_source_address_pk" PRIMARY KEY("chain_id","source","address")
);
--> statement-breakpoint
CREATE TABLE "chain_reorgs" (
	"chain_id" integer NOT NULL,
	"observed_at" bigint NOT NULL,
	"ancestor" bigint NOT NULL,
	"depth" integer NOT NULL,
	CONSTRAINT "chain_reorgs_chain_id_observed_at_ancestor_pk" PRIMARY KEY("chain_id","observed_at","ancestor")
);
--> statement-breakpoint
CREATE TABLE "health_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"rollup_id" text NOT NULL,
	"status" text NOT NULL,
	"previous_status" text,
	"reasons" jsonb NOT NULL,
	"at" bigint NOT NULL,
	"since" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rollup_snapshots" (
	"rollup_id" text PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"data" jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "blocks_hash_idx" ON "blocks" USING btree ("chain_id","hash");--> statement-breakpoint
CREATE INDEX "blocks_time_idx" ON "blocks" USING btree ("chain_id","timestamp");--> statement-breakpoint
CREATE INDEX "bridge_rollup_message_idx" ON "bridge_messages" USING btree ("rollup_id","message_id");--> statement-breakpoint
CREATE INDEX "bridge_rollup_time_idx" ON "bridge_messages" USING btree ("rollup_id","direction","block_time");--> statement-breakpoint
CREATE INDEX "moves_rollup_challenge_idx" ON "challenge_moves" USING btree ("rollup_id","challenge_id");--> statement-breakpoint
CREATE INDEX "challenges_rollup_id_idx" ON "challenges" USING btree ("rollup_id","challenge_id");--> statement-breakpoint
CREATE INDEX "challenges_rollup_time_idx" ON "challenges" USING btree ("rollup_id","block_time");--> statement-breakpoint
CREATE INDEX "forced_rollup_index_idx" ON "forced_messages" USING btree ("rollup_id","queue_index");--> statement-breakpoint
CREATE INDEX "forced_rollup_time_idx" ON "forced_messages" USING btree ("rollup_id","block_time");--> statement-breakpoint
CREATE INDEX "params_rollup_name_idx" ON "parameter_changes" USING btree ("rollup_id","name","block_number");--> statement-breakpoint
CREATE INDEX "batches_rollup_time_idx" ON "sequencer_batches" USING btree ("rollup_id","block_time");--> statement-breakpoint
CREATE INDEX "batches_rollup_number_idx" ON "sequencer_batches" USING btree ("rollup_id","batch_number");--> statement-breakpoint
CREATE INDEX "batches_rollup_l2_idx" ON "sequencer_batches" USING btree ("rollup_id","l2_block_end");--> statement-breakpoint
CREATE INDEX "batches_rollup_delayed_idx" ON "sequencer_batches" USING btree ("rollup_id","delayed_messages_read");--> statement-breakpoint
CREATE INDEX "root_events_rollup_index_idx" ON "state_root_events" USING btree ("rollup_id","root_index");--> statement-breakpoint
CREATE INDEX "root_events_rollup_time_idx" ON "state_root_events" USING btree ("rollup_id","status","block_time");--> statement-breakpoint
CREATE INDEX "roots_rollup_index_idx" ON "state_roots" USING btree ("rollup_id","root_index");--> statement-breakpoint
CREATE INDEX "roots_rollup_time_idx" ON "state_roots" USING btree ("rollup_id","kind","block_time");--> statement-breakpoint
CREATE INDEX "roots_rollup_l2_idx" ON "state_roots" USING btree ("rollup_id","kind","l2_block_number");--> statement-breakpoint
CREATE INDEX "governance_rollup_kind_time_idx" ON "governance_events" USING btree ("rollup_id","kind","block_time");--> statement-breakpoint
CREATE INDEX "governance_rollup_time_idx" ON "governance_events" USING btree ("rollup_id","block_time");--> statement-breakpoint
CREATE INDEX "governance_chain_block_idx" ON "governance_events" USING btree ("chain_id","block_number");--> statement-breakpoint
CREATE INDEX "decoder_state_block_idx" ON "decoder_state" USING btree ("chain_id","block_number");--> statement-breakpoint
CREATE INDEX "factory_children_block_idx" ON "factory_children" USING btree ("chain_id","block_number");--> statement-breakpoint
CREATE INDEX "health_changes_rollup_idx" ON "health_changes" USING btree ("rollup_id","id");