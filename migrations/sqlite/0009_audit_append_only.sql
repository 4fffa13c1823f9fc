-- Audit trails are append-only (security checklist G1): who read a person's
-- data, what happened to their account, and what was done under a delegation
-- can be added to but never changed or removed, by the application or by
-- anyone running SQL against the file.
CREATE TRIGGER `access_log_append_only_update` BEFORE UPDATE ON `access_log`
BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END;--> statement-breakpoint
CREATE TRIGGER `access_log_append_only_delete` BEFORE DELETE ON `access_log`
BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END;--> statement-breakpoint
CREATE TRIGGER `security_events_append_only_update` BEFORE UPDATE ON `security_events`
BEGIN SELECT RAISE(ABORT, 'security_events is append-only'); END;--> statement-breakpoint
CREATE TRIGGER `security_events_append_only_delete` BEFORE DELETE ON `security_events`
BEGIN SELECT RAISE(ABORT, 'security_events is append-only'); END;--> statement-breakpoint
CREATE TRIGGER `delegation_actions_append_only_update` BEFORE UPDATE ON `delegation_actions`
BEGIN SELECT RAISE(ABORT, 'delegation_actions is append-only'); END;--> statement-breakpoint
CREATE TRIGGER `delegation_actions_append_only_delete` BEFORE DELETE ON `delegation_actions`
BEGIN SELECT RAISE(ABORT, 'delegation_actions is append-only'); END;
