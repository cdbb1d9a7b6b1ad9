-- Placeholder on branch "pay" only: version 10 is assigned to another
-- branch (planning documents). It exists so that this branch's migrations run
-- 1, 2, 3... without a gap; drop this file when merging the branch that
-- adds the real 0010.
SELECT 1;
