-- When a site asks Horizon to wait (Retry-After on a 429 or 503) or says how long its feed stays fresh
-- (Cache-Control max-age, RSS <ttl>), the feed is not asked again before this instant, even by a scan a
-- person starts. Only ever later than the normal poll: a site can make Horizon poll less, never more.
ALTER TABLE feeds ADD COLUMN poll_not_before TEXT;
-- Why, in words people read in `feeds list` and `status`.
ALTER TABLE feeds ADD COLUMN poll_wait_reason TEXT;
