-- A living agenda. For each posted item message: what it shows (JSON of the fields a change is told by:
-- title, link, stage, deadline, amount, closed, dropped), so a change after posting is found by comparing,
-- and how many times it has been updated in place, which names the note of each change in its thread
-- (ledger part 'note:ITEM:REVISION'), so every update is noted once.
ALTER TABLE posts ADD COLUMN shown TEXT;
ALTER TABLE posts ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
