-- Themes set by a person ("tag ITEM themes a,b"), kept apart from the tagger's own so a retag never
-- overwrites them; NULL means nobody corrected them. The correction itself is also in `corrections`,
-- where the tagger learns from it.
ALTER TABLE items ADD COLUMN corrected_themes TEXT;
