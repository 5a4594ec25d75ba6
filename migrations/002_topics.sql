-- Policies followed over time: topics (named programmes, acts, funds…), which items speak about them,
-- each topic's stage month by month, and the organisation's profile used to rank the agenda.

CREATE TABLE topics (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  -- Other slugs that mean this topic (from merges and renames), so new items still land here.
  aliases TEXT NOT NULL DEFAULT '[]',
  pinned INTEGER NOT NULL DEFAULT 0,
  -- Set when an editor merged this topic into another; its items then count for that one.
  merged_into INTEGER REFERENCES topics(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE item_topics (
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  topic_id INTEGER NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
  PRIMARY KEY (item_id, topic_id)
);
CREATE INDEX item_topics_topic ON item_topics (topic_id);

-- A topic's stage in a month: the confidence-weighted majority of its items' stages that month.
CREATE TABLE topic_months (
  topic_id INTEGER NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
  month TEXT NOT NULL,
  stage TEXT NOT NULL CHECK (stage IN ('trigger', 'peak', 'trough', 'slope', 'plateau', 'unknown')),
  item_count INTEGER NOT NULL,
  -- The item themes seen that month, most frequent first (JSON array of slugs).
  themes TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (topic_id, month)
);
CREATE INDEX topic_months_month ON topic_months (month);

-- The organisation's profile, one key per row (mission_keywords, beneficiary_groups, themes, places);
-- each value is a JSON array of strings.
CREATE TABLE org_profile (
  key TEXT PRIMARY KEY CHECK (key IN ('mission_keywords', 'beneficiary_groups', 'themes', 'places')),
  value TEXT NOT NULL DEFAULT '[]',
  updated_at TEXT NOT NULL
);
