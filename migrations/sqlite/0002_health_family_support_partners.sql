CREATE TABLE `access_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id_number` text NOT NULL,
	`accessor_kind` text NOT NULL,
	`accessor_id` text NOT NULL,
	`accessor_name` text NOT NULL,
	`accessor_role` text,
	`purpose` text NOT NULL,
	`data_category` text NOT NULL,
	`request_id` text,
	`occurred_at` integer NOT NULL,
	FOREIGN KEY (`person_id_number`) REFERENCES `registry_persons`(`id_number`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `access_log_person` ON `access_log` (`person_id_number`,`id`);--> statement-breakpoint
CREATE TABLE `education_records` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id_number` text NOT NULL,
	`institution` text NOT NULL,
	`degree` text NOT NULL,
	`field_of_study` text,
	`graduation_year` integer NOT NULL,
	`status` text NOT NULL,
	`submitted_by_account_id` integer,
	`decided_by_account_id` integer,
	`decision_note` text,
	`created_at` integer NOT NULL,
	`decided_at` integer,
	FOREIGN KEY (`person_id_number`) REFERENCES `registry_persons`(`id_number`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`submitted_by_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `education_records_person` ON `education_records` (`person_id_number`);--> statement-breakpoint
CREATE INDEX `education_records_status` ON `education_records` (`status`,`id`);--> statement-breakpoint
CREATE TABLE `delegation_actions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`delegation_id` integer NOT NULL,
	`actor_account_id` integer NOT NULL,
	`on_behalf_of_id_number` text NOT NULL,
	`action` text NOT NULL,
	`subject_id` text,
	`occurred_at` integer NOT NULL,
	FOREIGN KEY (`delegation_id`) REFERENCES `delegations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `delegation_actions_delegation` ON `delegation_actions` (`delegation_id`);--> statement-breakpoint
CREATE TABLE `delegations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`grantor_id_number` text NOT NULL,
	`grantee_id_number` text NOT NULL,
	`subject` text NOT NULL,
	`valid_from` text NOT NULL,
	`valid_until` text NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`accepted_at` integer,
	`revoked_at` integer,
	`revoked_by_id_number` text,
	FOREIGN KEY (`grantor_id_number`) REFERENCES `registry_persons`(`id_number`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`grantee_id_number`) REFERENCES `registry_persons`(`id_number`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `delegations_grantor` ON `delegations` (`grantor_id_number`);--> statement-breakpoint
CREATE INDEX `delegations_grantee` ON `delegations` (`grantee_id_number`);--> statement-breakpoint
CREATE UNIQUE INDEX `delegations_one_open` ON `delegations` (`kind`,`grantor_id_number`,`grantee_id_number`,`subject`) WHERE status IN ('PENDING', 'ACTIVE');--> statement-breakpoint
CREATE TABLE `dependent_fees` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`guardian_id_number` text NOT NULL,
	`dependent_id_number` text NOT NULL,
	`month` text NOT NULL,
	`bill_id` integer NOT NULL,
	FOREIGN KEY (`guardian_id_number`) REFERENCES `registry_persons`(`id_number`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`dependent_id_number`) REFERENCES `registry_persons`(`id_number`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`bill_id`) REFERENCES `bills`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `dependent_fees_once` ON `dependent_fees` (`guardian_id_number`,`dependent_id_number`,`month`);--> statement-breakpoint
CREATE TABLE `family_visit_visas` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`applicant_id_number` text NOT NULL,
	`applicant_account_id` integer NOT NULL,
	`visitor_name_ar` text,
	`visitor_name_en` text NOT NULL,
	`visitor_nationality` text NOT NULL,
	`visitor_passport_number` text NOT NULL,
	`relationship` text NOT NULL,
	`arrival_date` text NOT NULL,
	`departure_date` text NOT NULL,
	`status` text NOT NULL,
	`visa_number` text,
	`bill_id` integer,
	`decided_by_account_id` integer,
	`decision_note` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`applicant_id_number`) REFERENCES `registry_persons`(`id_number`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`applicant_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`bill_id`) REFERENCES `bills`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `family_visit_visas_visa_number_unique` ON `family_visit_visas` (`visa_number`);--> statement-breakpoint
CREATE INDEX `family_visit_visas_applicant` ON `family_visit_visas` (`applicant_id_number`);--> statement-breakpoint
CREATE INDEX `family_visit_visas_status` ON `family_visit_visas` (`status`,`id`);--> statement-breakpoint
CREATE TABLE `appointment_slots` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`facility_id` integer NOT NULL,
	`department` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	FOREIGN KEY (`facility_id`) REFERENCES `health_facilities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `appointment_slots_facility_time` ON `appointment_slots` (`facility_id`,`starts_at`);--> statement-breakpoint
CREATE TABLE `appointments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slot_id` integer NOT NULL,
	`person_id_number` text NOT NULL,
	`booked_by_account_id` integer NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`status` text NOT NULL,
	`delegation_id` integer,
	`reminder_sent_at` integer,
	`created_at` integer NOT NULL,
	`cancelled_at` integer,
	FOREIGN KEY (`slot_id`) REFERENCES `appointment_slots`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id_number`) REFERENCES `registry_persons`(`id_number`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`booked_by_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `appointments_one_per_slot` ON `appointments` (`slot_id`) WHERE status = 'BOOKED';--> statement-breakpoint
CREATE UNIQUE INDEX `appointments_one_per_person_time` ON `appointments` (`person_id_number`,`starts_at`) WHERE status = 'BOOKED';--> statement-breakpoint
CREATE INDEX `appointments_person` ON `appointments` (`person_id_number`,`id`);--> statement-breakpoint
CREATE TABLE `health_facilities` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name_ar` text NOT NULL,
	`name_en` text NOT NULL,
	`city` text NOT NULL,
	`kind` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `health_facilities_code_unique` ON `health_facilities` (`code`);--> statement-breakpoint
CREATE INDEX `health_facilities_city` ON `health_facilities` (`city`);--> statement-breakpoint
CREATE TABLE `health_records` (
	`person_id_number` text PRIMARY KEY NOT NULL,
	`ciphertext` text NOT NULL,
	`key_id` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`person_id_number`) REFERENCES `registry_persons`(`id_number`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `medication_renewal_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`prescription_id` integer NOT NULL,
	`requested_by_account_id` integer NOT NULL,
	`status` text NOT NULL,
	`decided_by_account_id` integer,
	`decision_note` text,
	`created_at` integer NOT NULL,
	`decided_at` integer,
	FOREIGN KEY (`prescription_id`) REFERENCES `prescriptions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requested_by_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `medication_renewals_one_pending` ON `medication_renewal_requests` (`prescription_id`) WHERE status = 'PENDING';--> statement-breakpoint
CREATE TABLE `prescriptions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id_number` text NOT NULL,
	`ciphertext` text NOT NULL,
	`key_id` text NOT NULL,
	`refills_left` integer NOT NULL,
	`prescribed_on` text NOT NULL,
	`expires_on` text NOT NULL,
	FOREIGN KEY (`person_id_number`) REFERENCES `registry_persons`(`id_number`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `prescriptions_person` ON `prescriptions` (`person_id_number`);--> statement-breakpoint
CREATE TABLE `partner_consents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id_number` text NOT NULL,
	`partner_client_id` text NOT NULL,
	`purpose` text NOT NULL,
	`granted_at` integer NOT NULL,
	`expires_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`person_id_number`) REFERENCES `registry_persons`(`id_number`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`partner_client_id`) REFERENCES `partners`(`client_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `partner_consents_person` ON `partner_consents` (`person_id_number`);--> statement-breakpoint
CREATE UNIQUE INDEX `partner_consents_one_active` ON `partner_consents` (`person_id_number`,`partner_client_id`,`purpose`) WHERE revoked_at IS NULL;--> statement-breakpoint
CREATE TABLE `partners` (
	`client_id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`secret_hash` text NOT NULL,
	`scopes` text NOT NULL,
	`status` text NOT NULL,
	`requests_per_minute` integer NOT NULL,
	`tokens_valid_after` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `support_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` integer NOT NULL,
	`author_account_id` integer NOT NULL,
	`author_role` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`ticket_id`) REFERENCES `support_tickets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `support_messages_ticket` ON `support_messages` (`ticket_id`,`id`);--> statement-breakpoint
CREATE TABLE `support_tickets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer NOT NULL,
	`subject` text NOT NULL,
	`category` text NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`closed_at` integer,
	`closed_by_account_id` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`closed_by_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `support_tickets_account` ON `support_tickets` (`account_id`,`id`);--> statement-breakpoint
CREATE INDEX `support_tickets_status` ON `support_tickets` (`status`,`id`);