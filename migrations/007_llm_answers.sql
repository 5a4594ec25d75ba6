-- What the optional language model answered for an item, keyed by a hash of everything the question
-- depended on (the item's text, the model, the taxonomy's themes, the organisation's profile), so a
-- restart or a rescan never pays for the same question twice. `status` is 'ok' for a valid answer and
-- 'invalid' for one that failed validation: a model that answered badly once is not asked again for
-- the same text. Network failures are not stored; they are retried in a later scan.
CREATE TABLE llm_answers (
  key TEXT PRIMARY KEY,
  model TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('ok', 'invalid')),
  answer TEXT NOT NULL,
  created_at TEXT NOT NULL
);
