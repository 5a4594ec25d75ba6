-- What people write in an agenda item's thread: one row per reply, recorded once per platform message.
-- text is emptied (NULL) once older than HORIZON_REPLY_RETENTION_DAYS; the row stays, so counts and who
-- took part survive for the minutes. A reply deleted in the chat is deleted here.
CREATE TABLE replies (
  id INTEGER PRIMARY KEY,
  month TEXT NOT NULL,
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  platform TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  thread_ref TEXT NOT NULL,
  message_ref TEXT NOT NULL,
  author_id TEXT NOT NULL,
  posted_at TEXT NOT NULL,
  text TEXT,
  edited_at TEXT,
  recorded_at TEXT NOT NULL,
  UNIQUE (platform, channel_id, message_ref)
);
CREATE INDEX replies_month_item ON replies (month, item_id);
CREATE INDEX replies_text_age ON replies (posted_at) WHERE text IS NOT NULL;
