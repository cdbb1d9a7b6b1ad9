-- councilkit schema, version 1: the council-scoping function that every
-- row-level security policy uses.
--
-- Each transaction names its council with
--   SELECT set_config('councilkit.council', 'E06000047', true);
-- (transaction-local, so a pooled connection never carries it over). With
-- no council set, current_council() is NULL and every policy matches no
-- rows: forgetting to scope a transaction fails closed.
CREATE FUNCTION councilkit.current_council() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT nullif(current_setting('councilkit.council', true), '') $$;

COMMENT ON FUNCTION councilkit.current_council() IS
    'GSS code of the council this transaction acts for (set_config(''councilkit.council'', code, true)), or NULL.';

-- A domain for council codes keeps every table's check identical: a GSS
-- code is a country letter and eight digits (councilkit.ParseCouncil checks
-- the entity code too).
CREATE DOMAIN councilkit.council_code AS text
    CHECK (VALUE ~ '^[EWSN][0-9]{8}$');
