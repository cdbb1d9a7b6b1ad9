-- PLACEHOLDER for migration 7, which another branch of issue 17/18 adds
-- (0006 events: helper rec; 0007 delivery: helper river; 0008 webhook
-- endpoints: helper hooks; 0009: not yet assigned). The migration list may
-- not have gaps, and this branch (records) adds 0010 and 0011, so it holds
-- the number until the merge: the coordinator deletes this file when the
-- real migration 7 is merged (two files numbered 7 fail loadMigrations).
SELECT 1;
