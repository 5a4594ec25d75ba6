-- An item whose stored ranking score a person made out of date (they set its themes; a corrected stage
-- is already found by corrected_stage) is read by the agenda beside the month's best, and ranked from
-- what it shows now.
ALTER TABLE items ADD COLUMN rank_stale INTEGER NOT NULL DEFAULT 0;
DROP INDEX items_month_corrected;
CREATE INDEX items_month_corrected ON items (effective_at) WHERE corrected_stage IS NOT NULL OR rank_stale = 1;
