CREATE TABLE `registry_parentage` (
	`child_id_number` text NOT NULL,
	`parent_id_number` text NOT NULL,
	PRIMARY KEY(`child_id_number`, `parent_id_number`),
	FOREIGN KEY (`child_id_number`) REFERENCES `registry_persons`(`id_number`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`parent_id_number`) REFERENCES `registry_persons`(`id_number`) ON UPDATE no action ON DELETE no action
);
