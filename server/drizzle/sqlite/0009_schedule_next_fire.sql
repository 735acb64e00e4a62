ALTER TABLE `event_subscriptions` ADD `next_fire_at` integer;--> statement-breakpoint
CREATE INDEX `subscriptions_due` ON `event_subscriptions` (`next_fire_at`) WHERE next_fire_at IS NOT NULL;