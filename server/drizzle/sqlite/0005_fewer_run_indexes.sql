DROP INDEX `runs_org_status`;--> statement-breakpoint
DROP INDEX `runs_unfinished`;--> statement-breakpoint
CREATE INDEX `runs_org_started` ON `runs` (`org_id`,`started_at`);--> statement-breakpoint
DROP INDEX `waits_run`;