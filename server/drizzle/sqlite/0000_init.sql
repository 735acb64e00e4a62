CREATE TABLE `audit_head` (
	`id` integer PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `audit_log` (
	`seq` integer PRIMARY KEY NOT NULL,
	`at` integer NOT NULL,
	`actor_id` text,
	`org_id` text,
	`action` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`diff` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_actor` ON `audit_log` (`actor_id`,`seq`);--> statement-breakpoint
CREATE INDEX `audit_entity` ON `audit_log` (`entity`,`entity_id`,`seq`);--> statement-breakpoint
CREATE INDEX `audit_org` ON `audit_log` (`org_id`,`seq`);--> statement-breakpoint
CREATE INDEX `audit_at` ON `audit_log` (`at`);--> statement-breakpoint
CREATE TABLE `change_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`definition_id` text NOT NULL,
	`org_id` text NOT NULL,
	`status` text NOT NULL,
	`proposed` text NOT NULL,
	`overlay` text,
	`template_version` integer,
	`requested_by` text NOT NULL,
	`requested_at` integer NOT NULL,
	`decided_by` text,
	`decided_at` integer,
	`comment` text,
	FOREIGN KEY (`definition_id`) REFERENCES `definitions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `change_requests_definition` ON `change_requests` (`definition_id`,`status`);--> statement-breakpoint
CREATE INDEX `change_requests_org` ON `change_requests` (`org_id`,`status`);--> statement-breakpoint
CREATE TABLE `definition_versions` (
	`definition_id` text NOT NULL,
	`version` integer NOT NULL,
	`definition` text NOT NULL,
	`overlay` text,
	`template_version` integer,
	`published_at` integer NOT NULL,
	`published_by` text,
	`approved_by` text,
	`change_request_id` text,
	PRIMARY KEY(`definition_id`, `version`),
	FOREIGN KEY (`definition_id`) REFERENCES `definitions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `definitions` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`title` text NOT NULL,
	`status` text NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	`draft` text NOT NULL,
	`overlay` text,
	`template_key` text,
	`template_version` integer,
	`mandatory` integer DEFAULT false NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_by` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `orgs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `definitions_org_kind` ON `definitions` (`org_id`,`kind`);--> statement-breakpoint
CREATE INDEX `definitions_template` ON `definitions` (`template_key`,`template_version`);--> statement-breakpoint
CREATE INDEX `definitions_key` ON `definitions` (`key`);--> statement-breakpoint
CREATE TABLE `event_subscriptions` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text,
	`definition_id` text,
	`template_key` text,
	`version` integer NOT NULL,
	`trigger_type` text NOT NULL,
	`form_key` text,
	`event_type` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `subscriptions_form` ON `event_subscriptions` (`trigger_type`,`form_key`);--> statement-breakpoint
CREATE INDEX `subscriptions_event` ON `event_subscriptions` (`event_type`);--> statement-breakpoint
CREATE TABLE `orgs` (
	`id` text PRIMARY KEY NOT NULL,
	`parent_id` text,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`run_id` text,
	`kind` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`payload` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`max_attempts` integer DEFAULT 5 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`delivered_at` integer,
	`failed_at` integer,
	`last_error` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_idempotency` ON `outbox` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `outbox_pending` ON `outbox` (`next_attempt_at`) WHERE delivered_at IS NULL AND failed_at IS NULL;--> statement-breakpoint
CREATE TABLE `record_rollups` (
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
	PRIMARY KEY(`template_key`, `dim`, `day`, `org_id`, `value`)
);
--> statement-breakpoint
CREATE TABLE `records` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`definition_id` text NOT NULL,
	`definition_version` integer NOT NULL,
	`definition_key` text NOT NULL,
	`template_key` text,
	`owner_id` text NOT NULL,
	`data` text NOT NULL,
	`search` text DEFAULT '' NOT NULL,
	`rev` integer DEFAULT 1 NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer
);
--> statement-breakpoint
CREATE INDEX `records_definition_created` ON `records` (`definition_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `records_org_created` ON `records` (`org_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `records_template_org` ON `records` (`template_key`,`org_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `records_owner` ON `records` (`owner_id`);--> statement-breakpoint
CREATE TABLE `report_fields` (
	`template_key` text NOT NULL,
	`field` text NOT NULL,
	`role` text NOT NULL,
	`slot` integer,
	`type` text NOT NULL,
	PRIMARY KEY(`template_key`, `field`)
);
--> statement-breakpoint
CREATE TABLE `run_trace` (
	`run_id` text NOT NULL,
	`seq` integer NOT NULL,
	`at` integer NOT NULL,
	`entry` text NOT NULL,
	PRIMARY KEY(`run_id`, `seq`)
);
--> statement-breakpoint
CREATE TABLE `runs` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`definition_id` text,
	`definition_version` integer,
	`template_key` text,
	`template_version` integer,
	`workflow_key` text NOT NULL,
	`record_id` text,
	`status` text NOT NULL,
	`state` text NOT NULL,
	`arm` text,
	`error` text,
	`wake_at` integer,
	`lease_owner` text,
	`lease_until` integer,
	`started_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE INDEX `runs_record` ON `runs` (`record_id`);--> statement-breakpoint
CREATE INDEX `runs_org_status` ON `runs` (`org_id`,`status`);--> statement-breakpoint
CREATE INDEX `runs_wake` ON `runs` (`wake_at`) WHERE wake_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX `runs_unfinished` ON `runs` (`status`) WHERE status IN ('running', 'waiting');--> statement-breakpoint
CREATE TABLE `tasks` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`run_id` text,
	`node_id` text,
	`record_id` text,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`instructions` text,
	`facts` text,
	`assignee_id` text,
	`status` text NOT NULL,
	`due_at` integer,
	`created_at` integer NOT NULL,
	`completed_at` integer,
	`completed_by` text,
	`outcome` text,
	`data` text
);
--> statement-breakpoint
CREATE INDEX `tasks_assignee` ON `tasks` (`assignee_id`,`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `tasks_record` ON `tasks` (`record_id`);--> statement-breakpoint
CREATE INDEX `tasks_org_status` ON `tasks` (`org_id`,`status`);--> statement-breakpoint
CREATE INDEX `tasks_due` ON `tasks` (`due_at`) WHERE status = 'open' AND due_at IS NOT NULL;--> statement-breakpoint
CREATE TABLE `templates` (
	`key` text NOT NULL,
	`version` integer NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`document` text NOT NULL,
	`mandatory` integer DEFAULT false NOT NULL,
	`upgrade_deadline` integer,
	`published_at` integer NOT NULL,
	`published_by` text,
	PRIMARY KEY(`key`, `version`)
);
--> statement-breakpoint
CREATE TABLE `tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `tokens_user` ON `tokens` (`user_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`org_id` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`attributes` text DEFAULT '{}' NOT NULL,
	`disabled` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `orgs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email` ON `users` (`email`);--> statement-breakpoint
CREATE INDEX `users_org_role` ON `users` (`org_id`,`role`);--> statement-breakpoint
CREATE TABLE `waits` (
	`id` text PRIMARY KEY NOT NULL,
	`run_id` text NOT NULL,
	`org_id` text NOT NULL,
	`node_id` text NOT NULL,
	`kind` text NOT NULL,
	`due_at` integer,
	`event_type` text,
	`correlation_key` text,
	`fired_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `waits_due` ON `waits` (`due_at`) WHERE fired_at IS NULL AND due_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX `waits_event` ON `waits` (`event_type`,`correlation_key`) WHERE fired_at IS NULL AND event_type IS NOT NULL;--> statement-breakpoint
CREATE INDEX `waits_run` ON `waits` (`run_id`);