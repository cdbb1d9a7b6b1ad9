-- councilkit schema, version 13: RESERVED for the planning documents and
-- comments migration written on another branch. This placeholder only
-- keeps this branch's versions contiguous (Migrate refuses gaps); drop it
-- when that branch's 0013 is merged.
SELECT 1;
