CREATE TABLE `accounts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id_number` text NOT NULL,
	`username` text NOT NULL,
	`username_key` text NOT NULL,
	`email` text NOT NULL,
	`email_verified_at` integer,
	`password_hash` text NOT NULL,
	`totp_secret` text,
	`roles` text DEFAULT '[]' NOT NULL,
	`status` text DEFAULT 'ACTIVE' NOT NULL,
	`tokens_valid_after` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`person_id_number`) REFERENCES `registry_persons`(`id_number`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_person_id_number_unique` ON `accounts` (`person_id_number`);--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_username_key_unique` ON `accounts` (`username_key`);--> statement-breakpoint
CREATE TABLE `auth_throttles` (
	`key` text PRIMARY KEY NOT NULL,
	`failures` integer NOT NULL,
	`window_started_at` integer NOT NULL,
	`blocked_until` integer
);
--> statement-breakpoint
CREATE TABLE `challenges` (
	`id` text PRIMARY KEY NOT NULL,
	`purpose` text NOT NULL,
	`person_id_number` text,
	`account_id` integer,
	`channel` text NOT NULL,
	`destination` text,
	`code_hash` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`send_count` integer DEFAULT 1 NOT NULL,
	`last_sent_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`verified_at` integer,
	`consumed_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`person_id_number`) REFERENCES `registry_persons`(`id_number`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `challenges_person` ON `challenges` (`person_id_number`,`purpose`);--> statement-breakpoint
CREATE TABLE `refresh_tokens` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`issued_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `refresh_tokens_session` ON `refresh_tokens` (`session_id`);--> statement-breakpoint
CREATE TABLE `security_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer NOT NULL,
	`type` text NOT NULL,
	`ip_address` text,
	`device` text,
	`request_id` text,
	`occurred_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `security_events_account` ON `security_events` (`account_id`,`id`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` integer NOT NULL,
	`device` text NOT NULL,
	`ip_address` text,
	`created_at` integer NOT NULL,
	`last_used_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	`revoked_reason` text,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sessions_account` ON `sessions` (`account_id`);--> statement-breakpoint
CREATE TABLE `registry_family_links` (
	`guardian_id_number` text NOT NULL,
	`dependent_id_number` text NOT NULL,
	`relationship` text NOT NULL,
	PRIMARY KEY(`guardian_id_number`, `dependent_id_number`),
	FOREIGN KEY (`guardian_id_number`) REFERENCES `registry_persons`(`id_number`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`dependent_id_number`) REFERENCES `registry_persons`(`id_number`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `family_links_dependent` ON `registry_family_links` (`dependent_id_number`);--> statement-breakpoint
CREATE TABLE `registry_documents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id_number` text NOT NULL,
	`type` text NOT NULL,
	`number` text NOT NULL,
	`issued_on` text NOT NULL,
	`expires_on` text NOT NULL,
	FOREIGN KEY (`person_id_number`) REFERENCES `registry_persons`(`id_number`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `registry_documents_type_number` ON `registry_documents` (`type`,`number`);--> statement-breakpoint
CREATE INDEX `registry_documents_person` ON `registry_documents` (`person_id_number`);--> statement-breakpoint
CREATE TABLE `registry_persons` (
	`id_number` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`name_ar` text NOT NULL,
	`name_en` text NOT NULL,
	`date_of_birth` text NOT NULL,
	`gender` text NOT NULL,
	`nationality` text NOT NULL,
	`mobile` text NOT NULL,
	`city` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `registry_vehicles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`owner_id_number` text NOT NULL,
	`plate` text NOT NULL,
	`make` text NOT NULL,
	`model` text NOT NULL,
	`year` integer NOT NULL,
	FOREIGN KEY (`owner_id_number`) REFERENCES `registry_persons`(`id_number`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `registry_vehicles_plate_unique` ON `registry_vehicles` (`plate`);--> statement-breakpoint
CREATE INDEX `registry_vehicles_owner` ON `registry_vehicles` (`owner_id_number`);--> statement-breakpoint
CREATE TABLE `traffic_violations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`number` text NOT NULL,
	`person_id_number` text NOT NULL,
	`plate` text NOT NULL,
	`description_ar` text NOT NULL,
	`description_en` text NOT NULL,
	`amount_halalas` integer NOT NULL,
	`issued_at` text NOT NULL,
	`city` text NOT NULL,
	`status` text DEFAULT 'UNPAID' NOT NULL,
	FOREIGN KEY (`person_id_number`) REFERENCES `registry_persons`(`id_number`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `traffic_violations_number_unique` ON `traffic_violations` (`number`);--> statement-breakpoint
CREATE INDEX `traffic_violations_person` ON `traffic_violations` (`person_id_number`,`status`);