-- When each item's topics were last extracted, so topics are linked once per item version, not on
-- every agenda build.
ALTER TABLE items ADD COLUMN topics_linked_at TEXT;
CREATE INDEX items_topics_unlinked ON items (effective_at) WHERE topics_linked_at IS NULL;
