-- Topics are linked when an item is stored (by the writer), no longer when an agenda is built.
-- Each link records the month (YYYY-MM, UTC) of its item, so a stored item refreshes only the topic
-- months it touches, with an index that finds exactly those items.
ALTER TABLE item_topics ADD COLUMN month TEXT;
UPDATE item_topics SET month = (SELECT substr(i.effective_at, 1, 7) FROM items i WHERE i.id = item_topics.item_id);
DROP INDEX item_topics_topic;
CREATE INDEX item_topics_topic_month ON item_topics (topic_id, month);
CREATE INDEX item_topics_month ON item_topics (month);
-- An item whose content changed after its topics were linked is linked again by the writer's backfill,
-- which looks only for items never linked.
UPDATE items SET topics_linked_at = NULL WHERE topics_linked_at < updated_at;
