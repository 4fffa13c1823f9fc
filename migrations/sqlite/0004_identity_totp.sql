ALTER TABLE `accounts` ADD `totp_pending_secret` text;--> statement-breakpoint
ALTER TABLE `accounts` ADD `totp_last_time_step` integer;