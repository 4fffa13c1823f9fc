CREATE TABLE `spouse_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`requester_id_number` text NOT NULL,
	`invitee_id_number` text NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`answered_at` integer,
	FOREIGN KEY (`requester_id_number`) REFERENCES `registry_persons`(`id_number`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invitee_id_number`) REFERENCES `registry_persons`(`id_number`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `spouse_requests_requester` ON `spouse_requests` (`requester_id_number`);--> statement-breakpoint
CREATE INDEX `spouse_requests_invitee` ON `spouse_requests` (`invitee_id_number`);--> statement-breakpoint
CREATE UNIQUE INDEX `spouse_requests_one_pending` ON `spouse_requests` (`requester_id_number`,`invitee_id_number`) WHERE status = 'PENDING';