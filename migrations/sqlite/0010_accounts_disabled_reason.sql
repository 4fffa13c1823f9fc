ALTER TABLE `accounts` ADD `disabled_reason` text;--> statement-breakpoint
ALTER TABLE `accounts` ADD `disabled_at` integer;