-- Structured sources: what GOV.UK's Content API says about a page (looked up once, kept across restarts),
-- and what a source stated about each item.

CREATE TABLE govuk_pages (
  path TEXT PRIMARY KEY,
  -- 'ok' with facts; 'missing' when GOV.UK has no such page (404/410), so it is not asked again.
  status TEXT NOT NULL CHECK (status IN ('ok', 'missing')),
  -- The facts as read (JSON of GovukFacts); null when missing.
  facts TEXT,
  public_updated_at TEXT,
  etag TEXT,
  last_modified TEXT,
  fetched_at TEXT NOT NULL
);

-- What a structured source stated about the item (JSON of SourceFacts), so retagging keeps it.
ALTER TABLE items ADD COLUMN facts TEXT;
-- When the facts mean something else by the clock alone (a consultation opens or closes): tag again then.
ALTER TABLE items ADD COLUMN retag_at TEXT;
CREATE INDEX items_retag_at ON items (retag_at) WHERE retag_at IS NOT NULL;

-- Grants made, from a 360Giving file (HORIZON_360GIVING_URL), reduced to what the agenda's funding lines
-- need: who gave how much, when, where, and the themes Horizon reads in the grant's words.
CREATE TABLE grants (
  id TEXT PRIMARY KEY,
  funder TEXT NOT NULL,
  amount REAL NOT NULL,
  award_date TEXT NOT NULL,
  -- Place names from the grant (beneficiary locations, the recipient's town and region), as JSON.
  places TEXT NOT NULL DEFAULT '[]',
  themes TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX grants_award_date ON grants (award_date);
