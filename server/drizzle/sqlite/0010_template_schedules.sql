CREATE TABLE `template_schedules` (
	`subscription_id` text NOT NULL,
	`org_id` text NOT NULL,
	`next_fire_at` integer,
	PRIMARY KEY(`subscription_id`, `org_id`),
	FOREIGN KEY (`subscription_id`) REFERENCES `event_subscriptions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`org_id`) REFERENCES `orgs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `template_schedules_due` ON `template_schedules` (`next_fire_at`) WHERE next_fire_at IS NOT NULL;