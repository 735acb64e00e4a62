DROP INDEX `tasks_assignee_created`;--> statement-breakpoint
DROP INDEX `tasks_assignee`;--> statement-breakpoint
ALTER TABLE `tasks` ADD `wait_id` text;--> statement-breakpoint
CREATE INDEX `tasks_timer` ON `tasks` (`due_at`) WHERE status = 'open' AND wait_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX `tasks_assignee` ON `tasks` (`assignee_id`,`status`,`created_at`);