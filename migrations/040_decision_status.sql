-- Decisions that live: each is a decision or an action, open until someone marks it done or dropped.
-- Owners are people ids on the platform the decision was recorded on (owner_name is how to show them
-- where a mention needs a name, as in Teams); reminded_at makes the due-date reminder go once.
ALTER TABLE decisions ADD COLUMN kind TEXT NOT NULL DEFAULT 'decision' CHECK (kind IN ('decision', 'action'));
ALTER TABLE decisions ADD COLUMN status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped'));
ALTER TABLE decisions ADD COLUMN owner_name TEXT;
ALTER TABLE decisions ADD COLUMN status_changed_at TEXT;
ALTER TABLE decisions ADD COLUMN status_changed_by TEXT;
ALTER TABLE decisions ADD COLUMN reminded_at TEXT;
CREATE INDEX decisions_open_due ON decisions (status, due_date);

-- Each month's minutes, posted once per channel: the posts ledger holds the message (part 'minutes'),
-- this table holds what was posted, so a repeated or resumed post sends the same text.
CREATE TABLE minutes (
  month TEXT PRIMARY KEY,
  data TEXT NOT NULL,
  frozen_at TEXT NOT NULL,
  posted_at TEXT
);
