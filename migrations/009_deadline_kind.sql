-- What an item's deadline closes: 'funding' (a call for money) or 'consultation' (a consultation or call
-- for evidence), so the agenda lists each under its own heading. Deadlines stored before this column
-- existed are read as funding, which is what the agenda called all of them.
ALTER TABLE items ADD COLUMN deadline_kind TEXT;
