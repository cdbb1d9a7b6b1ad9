-- Placeholder on branch "pay" only: version 12 is assigned to another
-- branch (notify notices). It exists so that this branch's migrations run
-- 1, 2, 3... without a gap; drop this file when merging the branch that
-- adds the real 0012.
SELECT 1;
