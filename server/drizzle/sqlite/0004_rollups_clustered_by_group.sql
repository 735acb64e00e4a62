-- Hand-edited after generation: WITHOUT ROWID (drizzle-kit cannot express it), so the rollup is
-- clustered on its key and an aggregate reads it in group order with no row lookups.
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_record_rollups` (
	`template_key` text NOT NULL,
	`org_id` text NOT NULL,
	`day` text NOT NULL,
	`dim` text NOT NULL,
	`value` text NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	`s0` real DEFAULT 0 NOT NULL,
	`s1` real DEFAULT 0 NOT NULL,
	`s2` real DEFAULT 0 NOT NULL,
	`s3` real DEFAULT 0 NOT NULL,
	`s4` real DEFAULT 0 NOT NULL,
	`s5` real DEFAULT 0 NOT NULL,
	`s6` real DEFAULT 0 NOT NULL,
	`s7` real DEFAULT 0 NOT NULL,
	PRIMARY KEY(`template_key`, `dim`, `org_id`, `value`, `day`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_record_rollups`("template_key", "org_id", "day", "dim", "value", "count", "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7") SELECT "template_key", "org_id", "day", "dim", "value", "count", "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7" FROM `record_rollups`;--> statement-breakpoint
DROP TABLE `record_rollups`;--> statement-breakpoint
ALTER TABLE `__new_record_rollups` RENAME TO `record_rollups`;--> statement-breakpoint
PRAGMA foreign_keys=ON;