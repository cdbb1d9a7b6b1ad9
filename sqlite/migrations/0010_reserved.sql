-- councilkit SQLite schema, version 10: RESERVED for the planning
-- documents and comments migration written on another branch. This
-- placeholder only keeps this branch's versions contiguous (Migrate
-- refuses gaps); drop it when that branch's 0010 is merged.
SELECT 1;
