-- horizon: foreign keys off
-- Items, rebuilt lean: an item took three and a half times the bytes of its payload (title, summary, link,
-- two dates), mostly its identities written out in full (the key, canonical URL and story key each repeat
-- the link, and each had an index), reasons and prose. Now:
-- * body: the title, summary, link, canonical URL, key, categories and reasons in one compressed value
--   (src/store/item-body.ts). Nothing searches them in SQL.
-- * key_hash, story_hash: the item key and story key as 47- and 52-bit integers (src/store/hashes.ts),
--   which is all their indexes need (two keys of one feed that share a hash: the later item takes the next
--   free slot, as the store does); content_hash: 31 bits of the content hash.
-- * undated: 1 when the feed gave no date (published_at was NULL); a dated item's publication time is
--   its effective_at. first_seen_at: Unix milliseconds, NULL when it is the effective_at.
-- * topics_linked: 0 until the item's topics are linked (was the time they were linked, which nothing read).
-- * updated_at is gone: nothing read it.
-- * One index for a month's range (items_month_rank, now covering backfill items too) instead of two.
-- * item_topics and topic_months keep their rows in their primary key (WITHOUT ROWID), so a link is
--   written twice (by month and topic; by item) rather than four times.
-- Foreign keys are off while the table is replaced (the rows that refer to items keep their ids), and
-- checked before the change commits (src/store/migrate.ts). The horizon_* functions are the store's own
-- (src/store/db.ts).
CREATE TABLE items_lean (
  id INTEGER PRIMARY KEY,
  feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
  key_hash INTEGER NOT NULL,
  effective_at TEXT NOT NULL,
  undated INTEGER NOT NULL DEFAULT 0,
  first_seen_at INTEGER,
  backfill INTEGER NOT NULL DEFAULT 0,
  story_hash INTEGER NOT NULL,
  content_hash INTEGER NOT NULL,
  rank_score REAL NOT NULL DEFAULT 0,
  coverage INTEGER NOT NULL DEFAULT 1,
  not_relevant INTEGER NOT NULL DEFAULT 0,
  rank_stale INTEGER NOT NULL DEFAULT 0,
  topics_linked INTEGER NOT NULL DEFAULT 0,
  stage TEXT NOT NULL DEFAULT 'unknown',
  confidence REAL NOT NULL DEFAULT 0,
  themes TEXT NOT NULL DEFAULT '[]',
  relevance REAL,
  corrected_stage TEXT,
  corrected_themes TEXT,
  deadline_date TEXT,
  deadline_kind TEXT,
  deadline_text TEXT,
  amount_value REAL,
  amount_text TEXT,
  facts TEXT,
  retag_at TEXT,
  body BLOB NOT NULL
);

INSERT INTO items_lean (id, feed_id, key_hash, effective_at, undated, first_seen_at, backfill, story_hash,
  content_hash, rank_score, coverage, not_relevant, rank_stale, topics_linked, stage, confidence, themes,
  relevance, corrected_stage, corrected_themes, deadline_date, deadline_kind, deadline_text, amount_value,
  amount_text, facts, retag_at, body)
SELECT id, feed_id, horizon_key_slot(feed_id, item_key), effective_at, published_at IS NULL,
  CASE WHEN first_seen_at = effective_at THEN NULL ELSE horizon_unix_ms(first_seen_at) END,
  backfill, horizon_story_hash(story_key), horizon_short_content_hash(content_hash), rank_score, coverage,
  not_relevant, rank_stale, topics_linked_at IS NOT NULL, stage, confidence, themes, relevance,
  corrected_stage, corrected_themes, deadline_date, deadline_kind, deadline_text, amount_value, amount_text,
  facts, retag_at, horizon_pack_body(item_key, title, summary, link, canonical_url, categories, reasons)
FROM items ORDER BY id;
SELECT horizon_key_slots_done();

DROP TABLE items;
ALTER TABLE items_lean RENAME TO items;

CREATE UNIQUE INDEX items_feed_key ON items (feed_id, key_hash);
CREATE INDEX items_story ON items (story_hash);
-- A month's candidates by score, covering everything the ranking query reads; also every range of
-- effective_at (topic months known by a date, recent items).
CREATE INDEX items_month_rank ON items (effective_at, rank_score, coverage, not_relevant, deadline_date, backfill);
CREATE INDEX items_deadline ON items (deadline_date) WHERE deadline_date IS NOT NULL;
CREATE INDEX items_topics_unlinked ON items (effective_at) WHERE topics_linked = 0;
CREATE INDEX items_retag_at ON items (retag_at) WHERE retag_at IS NOT NULL;
CREATE INDEX items_month_corrected ON items (effective_at) WHERE corrected_stage IS NOT NULL OR rank_stale = 1;
CREATE INDEX items_month_undated ON items (effective_at) WHERE undated = 1;

CREATE TABLE item_topics_lean (
  month TEXT NOT NULL,
  topic_id INTEGER NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  PRIMARY KEY (month, topic_id, item_id)
) WITHOUT ROWID;
INSERT OR IGNORE INTO item_topics_lean (month, topic_id, item_id)
SELECT COALESCE(it.month, substr(i.effective_at, 1, 7)), it.topic_id, it.item_id
FROM item_topics it JOIN items i ON i.id = it.item_id;
DROP TABLE item_topics;
ALTER TABLE item_topics_lean RENAME TO item_topics;
CREATE INDEX item_topics_item ON item_topics (item_id);

CREATE TABLE topic_months_lean (
  topic_id INTEGER NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
  month TEXT NOT NULL,
  stage TEXT NOT NULL CHECK (stage IN ('trigger', 'peak', 'trough', 'slope', 'plateau', 'unknown')),
  item_count INTEGER NOT NULL,
  themes TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (topic_id, month)
) WITHOUT ROWID;
INSERT INTO topic_months_lean SELECT topic_id, month, stage, item_count, themes FROM topic_months;
DROP TABLE topic_months;
ALTER TABLE topic_months_lean RENAME TO topic_months;
CREATE INDEX topic_months_month ON topic_months (month);
