-- How likely the team is to care about an item, learned from their "Not relevant" marks; null until the
-- model has enough marks to say. The agenda ranks with it.
ALTER TABLE items ADD COLUMN relevance REAL;
