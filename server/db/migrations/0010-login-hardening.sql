-- Issue #9 §2: login back-off per (account, address), per address and per account, bounded tables.

-- Rows of the old per-name back-off were written for any name typed, even a password typed into
-- the name field; back-off state is short-lived, so they simply go (secure_delete overwrites them).
DELETE FROM login_throttle WHERE key LIKE 'account:%';

-- account: set on (account, address) rows, to count the addresses failing on an account.
ALTER TABLE login_throttle ADD COLUMN account TEXT;
-- alerted_at: on account rows, when login.attack was last audited (once an hour).
ALTER TABLE login_throttle ADD COLUMN alerted_at TEXT;
CREATE INDEX login_throttle_age ON login_throttle (last_failure_at);
CREATE INDEX login_throttle_account ON login_throttle (account) WHERE account IS NOT NULL;

-- Addresses an account logged in from recently: never slowed by other addresses' failures.
-- Written only by a successful login, a few per account.
CREATE TABLE login_known (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  address TEXT NOT NULL,
  last_success_at TEXT NOT NULL,
  PRIMARY KEY (user_id, address)
) STRICT, WITHOUT ROWID;

-- Failed logins of the current minute per address, summarised into one audit entry when the minute
-- is over. At most a few addresses one by one; address '' gathers the rest.
CREATE TABLE login_failure_tally (
  address TEXT PRIMARY KEY,
  window_start TEXT NOT NULL,
  failures INTEGER NOT NULL,
  lock_logged INTEGER NOT NULL DEFAULT 0 CHECK (lock_logged IN (0, 1)),
  accounts TEXT NOT NULL DEFAULT '[]'
) STRICT, WITHOUT ROWID;

-- Facts about the database itself. 'demo' = '1': made as a demo, so the sample campaign and its
-- published accounts may be loaded into it (issue #9 §3). A database that already holds the sample
-- campaign was made as a demo by an earlier version.
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT, WITHOUT ROWID;

INSERT INTO settings (key, value)
  SELECT 'demo', '1' WHERE EXISTS (SELECT 1 FROM campaigns WHERE is_sample = 1);
