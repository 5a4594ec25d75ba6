-- The agenda reads only what ranks. Ingest keeps each item's ranking score (its stage signal, themes,
-- source kind and learned relevance: src/agenda/score.ts), and the store keeps how many feeds carry its
-- story, so SQL hands the agenda the month's few hundred best candidates from one index, with no table
-- row read, and full rows are loaded only for those.
ALTER TABLE items ADD COLUMN rank_score REAL NOT NULL DEFAULT 0;
ALTER TABLE items ADD COLUMN coverage INTEGER NOT NULL DEFAULT 1;

-- Items stored before: the same score as src/agenda/score.ts computes (kept in step with it; the
-- agenda bench and test/agenda/candidates.test.ts compare them).
UPDATE items SET rank_score =
  (CASE WHEN stage = 'unknown' THEN 0.2 ELSE 0.5 + confidence END)
  + min(COALESCE(json_array_length(themes), 0), 3) * 0.35
  + COALESCE((SELECT CASE f.kind WHEN 'policy' THEN 1 WHEN 'funding' THEN 1 WHEN 'legislation' THEN 0.9
      WHEN 'parliament' THEN 0.85 WHEN 'research' THEN 0.7 ELSE 0.6 END FROM feeds f WHERE f.id = items.feed_id), 0.6)
  + COALESCE((relevance - 0.5) * 2, 0);
UPDATE items SET coverage = (SELECT COUNT(DISTINCT x.feed_id) FROM items x WHERE x.story_key = items.story_key);

-- A month's candidates by score, covering everything the ranking query reads.
CREATE INDEX items_month_rank ON items (effective_at, rank_score, coverage, not_relevant, deadline_date)
  WHERE backfill = 0;
-- The few candidates that rank differently from their stored score: corrected by a person, or undated.
CREATE INDEX items_month_corrected ON items (effective_at) WHERE corrected_stage IS NOT NULL;
CREATE INDEX items_month_undated ON items (effective_at) WHERE published_at IS NULL;
