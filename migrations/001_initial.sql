-- Horizon's first schema: feeds, items and their tags, agendas and their posting state, people and channels.
-- Times are ISO-8601 UTC strings; lists are JSON arrays.

CREATE TABLE feeds (
  id INTEGER PRIMARY KEY,
  url TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL DEFAULT 'news'
    CHECK (kind IN ('policy', 'funding', 'news', 'research', 'parliament', 'legislation')),
  themes TEXT NOT NULL DEFAULT '[]',
  added_by TEXT NOT NULL,
  added_at TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  etag TEXT,
  last_modified TEXT,
  status TEXT NOT NULL DEFAULT 'never-fetched' CHECK (status IN ('ok', 'failing', 'never-fetched')),
  last_fetched_at TEXT,
  last_success_at TEXT,
  last_error TEXT,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  next_fetch_at TEXT,
  failing_since TEXT,
  -- When admins were last told this feed is failing, so they are told once per run of failures.
  alerted_at TEXT
);

CREATE TABLE items (
  id INTEGER PRIMARY KEY,
  feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
  item_key TEXT NOT NULL,
  title TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  link TEXT,
  canonical_url TEXT,
  -- Identifies the same story across feeds: the canonical URL, else a hash of the normalised title.
  story_key TEXT NOT NULL,
  categories TEXT NOT NULL DEFAULT '[]',
  published_at TEXT,
  first_seen_at TEXT NOT NULL,
  effective_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  backfill INTEGER NOT NULL DEFAULT 0,
  content_hash TEXT NOT NULL,
  stage TEXT NOT NULL DEFAULT 'unknown',
  confidence REAL NOT NULL DEFAULT 0,
  themes TEXT NOT NULL DEFAULT '[]',
  reasons TEXT NOT NULL DEFAULT '[]',
  deadline_date TEXT,
  deadline_text TEXT,
  amount_value REAL,
  amount_text TEXT,
  corrected_stage TEXT,
  not_relevant INTEGER NOT NULL DEFAULT 0,
  UNIQUE (feed_id, item_key)
);
CREATE INDEX items_effective_at ON items (effective_at);
CREATE INDEX items_story_key ON items (story_key);
CREATE INDEX items_deadline ON items (deadline_date) WHERE deadline_date IS NOT NULL;

-- People's corrections of tags: the record the tagger learns from.
CREATE TABLE corrections (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('stage', 'not-relevant', 'themes')),
  value TEXT NOT NULL,
  platform TEXT NOT NULL,
  user_id TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX corrections_item ON corrections (item_id);

CREATE TABLE agendas (
  id INTEGER PRIMARY KEY,
  month TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'posting', 'posted')),
  -- The agenda as it was frozen for posting (JSON of the Agenda type); null while it is a draft.
  data TEXT,
  created_at TEXT NOT NULL,
  frozen_at TEXT,
  posted_at TEXT
);

-- Editors' review of a draft: drop an item, or add one the ranking left out.
CREATE TABLE agenda_overrides (
  month TEXT NOT NULL,
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  action TEXT NOT NULL CHECK (action IN ('drop', 'add')),
  user_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (month, item_id)
);

CREATE TABLE channels (
  id INTEGER PRIMARY KEY,
  platform TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  name TEXT,
  -- Platform data needed to post there later (a Teams conversation reference, for example).
  reference TEXT,
  added_by TEXT NOT NULL,
  added_at TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  last_error TEXT,
  UNIQUE (platform, channel_id)
);

-- One row per message of an agenda in a channel: the ledger that makes posting idempotent and resumable.
CREATE TABLE posts (
  id INTEGER PRIMARY KEY,
  agenda_id INTEGER NOT NULL REFERENCES agendas(id) ON DELETE CASCADE,
  platform TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  part TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'posted', 'failed')),
  message_ref TEXT,
  thread_ref TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  error TEXT,
  updated_at TEXT NOT NULL,
  UNIQUE (agenda_id, platform, channel_id, part)
);

CREATE TABLE roles (
  platform TEXT NOT NULL,
  user_id TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'member')),
  granted_by TEXT NOT NULL,
  granted_at TEXT NOT NULL,
  PRIMARY KEY (platform, user_id)
);

CREATE TABLE decisions (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  month TEXT NOT NULL,
  decision TEXT NOT NULL,
  owner TEXT,
  due_date TEXT,
  platform TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
CREATE INDEX decisions_month ON decisions (month);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Events a platform may deliver more than once (Slack retries), handled once each.
CREATE TABLE processed_events (
  platform TEXT NOT NULL,
  event_id TEXT NOT NULL,
  received_at TEXT NOT NULL,
  PRIMARY KEY (platform, event_id)
);

CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'ok', 'partial', 'failed')),
  detail TEXT
);
