DROP INDEX "batches_rollup_time_idx";--> statement-breakpoint
CREATE INDEX "batches_rollup_time_tx_idx" ON "sequencer_batches" USING btree ("rollup_id","block_time","block_number","tx_index");--> statement-breakpoint
CREATE INDEX "batches_rollup_forced_idx" ON "sequencer_batches" USING btree ("rollup_id","block_time") WHERE forced;