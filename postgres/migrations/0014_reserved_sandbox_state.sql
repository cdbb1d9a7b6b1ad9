-- Placeholder on branch "pay" only: version 14 is assigned to the sandbox
-- provider's state (another branch). It exists so that this branch's
-- migrations run 1, 2, 3... without a gap; drop this file when merging the
-- branch that adds the real 0014.
SELECT 1;
