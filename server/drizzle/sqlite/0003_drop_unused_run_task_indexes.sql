DROP INDEX `runs_wake`;--> statement-breakpoint
DROP INDEX `tasks_due`;