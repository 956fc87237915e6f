-- After how many minutes without a touch the kiosk asks "Bạn còn đang ghi phiếu không?" (issue #13
-- §7): a campaign setting, default 2. Long enough for an elderly resident to read one official's
-- line slowly, short enough that an abandoned ballot reaches the officer soon.
ALTER TABLE campaigns ADD COLUMN kiosk_idle_minutes INTEGER NOT NULL DEFAULT 2
  CHECK (kiosk_idle_minutes BETWEEN 1 AND 30);
