PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_registry_family_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`guardian_id_number` text NOT NULL,
	`dependent_id_number` text NOT NULL,
	`relationship` text NOT NULL,
	FOREIGN KEY (`guardian_id_number`) REFERENCES `registry_persons`(`id_number`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`dependent_id_number`) REFERENCES `registry_persons`(`id_number`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- Edited after generation: each link keeps its rowid as its new id, so the
-- global IDs clients already hold (FamilyLink, Dependent) still resolve.
INSERT INTO `__new_registry_family_links`("id", "guardian_id_number", "dependent_id_number", "relationship") SELECT rowid, "guardian_id_number", "dependent_id_number", "relationship" FROM `registry_family_links`;--> statement-breakpoint
DROP TABLE `registry_family_links`;--> statement-breakpoint
ALTER TABLE `__new_registry_family_links` RENAME TO `registry_family_links`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `family_links_pair` ON `registry_family_links` (`guardian_id_number`,`dependent_id_number`);--> statement-breakpoint
CREATE INDEX `family_links_dependent` ON `registry_family_links` (`dependent_id_number`);