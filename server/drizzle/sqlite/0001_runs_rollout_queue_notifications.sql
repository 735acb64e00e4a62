CREATE TABLE `notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`user_id` text,
	`role` text,
	`channel` text NOT NULL,
	`subject` text,
	`message` text NOT NULL,
	`record_id` text,
	`run_id` text,
	`idempotency_key` text NOT NULL,
	`created_at` integer NOT NULL,
	`read_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_idempotency` ON `notifications` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `notifications_user` ON `notifications` (`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `notifications_org_role` ON `notifications` (`org_id`,`role`,`created_at`);--> statement-breakpoint
ALTER TABLE `definitions` ADD `rollout` text;--> statement-breakpoint
ALTER TABLE `tasks` ADD `assignee_role` text;--> statement-breakpoint
CREATE INDEX `tasks_assignee_created` ON `tasks` (`assignee_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `tasks_queue` ON `tasks` (`org_id`,`assignee_role`,`status`) WHERE assignee_role IS NOT NULL;