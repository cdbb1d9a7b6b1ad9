-- Placeholder on branch "pay" only: version 13 is assigned to planning
-- documents and comments (another branch). It exists so that this branch's
-- migrations run 1, 2, 3... without a gap; drop this file when merging the
-- branch that adds the real 0013.
SELECT 1;
