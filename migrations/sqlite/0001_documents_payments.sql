CREATE TABLE `exit_reentry_visas` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id_number` text NOT NULL,
	`account_id` integer NOT NULL,
	`visa_type` text NOT NULL,
	`months` integer NOT NULL,
	`status` text NOT NULL,
	`number` text,
	`valid_from` text,
	`valid_until` text,
	`bill_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`person_id_number`) REFERENCES `registry_persons`(`id_number`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`bill_id`) REFERENCES `bills`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `exit_reentry_visas_number_unique` ON `exit_reentry_visas` (`number`);--> statement-breakpoint
CREATE INDEX `exit_reentry_visas_person` ON `exit_reentry_visas` (`person_id_number`);--> statement-breakpoint
CREATE TABLE `document_renewals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`account_id` integer NOT NULL,
	`status` text NOT NULL,
	`period_months` integer NOT NULL,
	`bill_id` integer,
	`previous_expires_on` text NOT NULL,
	`new_expires_on` text,
	`created_at` integer NOT NULL,
	`completed_at` integer,
	FOREIGN KEY (`document_id`) REFERENCES `registry_documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`bill_id`) REFERENCES `bills`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `document_renewals_document` ON `document_renewals` (`document_id`,`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `document_renewals_one_pending` ON `document_renewals` (`document_id`) WHERE status = 'PENDING_PAYMENT';--> statement-breakpoint
CREATE TABLE `exit_reentry_visa_extensions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`visa_id` integer NOT NULL,
	`months` integer NOT NULL,
	`status` text NOT NULL,
	`bill_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`visa_id`) REFERENCES `exit_reentry_visas`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`bill_id`) REFERENCES `bills`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id_number` text NOT NULL,
	`kind` text NOT NULL,
	`title_ar` text NOT NULL,
	`title_en` text NOT NULL,
	`body_ar` text NOT NULL,
	`body_en` text NOT NULL,
	`subject_id` text,
	`created_at` integer NOT NULL,
	`read_at` integer,
	FOREIGN KEY (`person_id_number`) REFERENCES `registry_persons`(`id_number`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notifications_person` ON `notifications` (`person_id_number`,`id`);--> statement-breakpoint
CREATE TABLE `bills` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`number` text NOT NULL,
	`person_id_number` text NOT NULL,
	`kind` text NOT NULL,
	`subject_id` text NOT NULL,
	`amount_halalas` integer NOT NULL,
	`description_ar` text NOT NULL,
	`description_en` text NOT NULL,
	`status` text DEFAULT 'UNPAID' NOT NULL,
	`on_hold` integer DEFAULT false NOT NULL,
	`reserved_by_payment_id` integer,
	`paid_by_payment_id` integer,
	`created_at` integer NOT NULL,
	`paid_at` integer,
	FOREIGN KEY (`person_id_number`) REFERENCES `registry_persons`(`id_number`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bills_number_unique` ON `bills` (`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `bills_subject` ON `bills` (`kind`,`subject_id`);--> statement-breakpoint
CREATE INDEX `bills_person_status` ON `bills` (`person_id_number`,`status`);--> statement-breakpoint
CREATE TABLE `payment_bills` (
	`payment_id` integer NOT NULL,
	`bill_id` integer NOT NULL,
	`amount_halalas` integer NOT NULL,
	PRIMARY KEY(`payment_id`, `bill_id`),
	FOREIGN KEY (`payment_id`) REFERENCES `payments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`bill_id`) REFERENCES `bills`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `payment_bills_bill` ON `payment_bills` (`bill_id`);--> statement-breakpoint
CREATE TABLE `payments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer NOT NULL,
	`idempotency_key` text NOT NULL,
	`request_digest` text NOT NULL,
	`amount_halalas` integer NOT NULL,
	`status` text NOT NULL,
	`receipt_number` text,
	`gateway_reference` text,
	`failure_code` text,
	`created_at` integer NOT NULL,
	`completed_at` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payments_receipt_number_unique` ON `payments` (`receipt_number`);--> statement-breakpoint
CREATE UNIQUE INDEX `payments_account_key` ON `payments` (`account_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `payments_status` ON `payments` (`status`);--> statement-breakpoint
CREATE TABLE `refunds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`payment_id` integer NOT NULL,
	`bill_id` integer NOT NULL,
	`amount_halalas` integer NOT NULL,
	`reason` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`payment_id`) REFERENCES `payments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`bill_id`) REFERENCES `bills`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `refunds_bill_id_unique` ON `refunds` (`bill_id`);--> statement-breakpoint
CREATE TABLE `violation_objections` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`violation_id` integer NOT NULL,
	`account_id` integer NOT NULL,
	`reason` text NOT NULL,
	`status` text NOT NULL,
	`previous_violation_status` text NOT NULL,
	`decided_by_account_id` integer,
	`decision_note` text,
	`created_at` integer NOT NULL,
	`decided_at` integer,
	FOREIGN KEY (`violation_id`) REFERENCES `traffic_violations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `violation_objections_violation` ON `violation_objections` (`violation_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `violation_objections_one_active` ON `violation_objections` (`violation_id`) WHERE status = 'PENDING';