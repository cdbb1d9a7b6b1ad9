-- Placeholder for migration 0005, which helper sqlmore adds on its branch
-- (more SQLite stores). The coordinator drops this file when merging both.
SELECT 1;
