-- Leases: which process may post the agenda in a channel (name 'post:MONTH:PLATFORM:CHANNEL'), or run the
-- schedule (name 'scheduler'), right now. A holder renews its lease while it works; a lease that is not
-- renewed (the process died) expires and another process may take it. expires_at is Unix milliseconds.
CREATE TABLE leases (
  name TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  acquired_at TEXT NOT NULL
);

-- Who claimed a ledger row before sending it; with the channel lease this makes each send one process's.
ALTER TABLE posts ADD COLUMN claimed_by TEXT;
