-- Placeholder on branch "pay" only: version 11 is assigned to another
-- branch (sandbox state). It exists so that this branch's migrations run
-- 1, 2, 3... without a gap; drop this file when merging the branch that
-- adds the real 0011.
SELECT 1;
