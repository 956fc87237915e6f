-- The password that opens a user's signing key is guessed on one count per user (2026-12-01,
-- services/key-password.ts): signing minutes, certifying, "Tạo khóa ký" and changing the password
-- share `key-password:<user id>`. The separate rows of before (`sign:`, `certify:`,
-- `password-change:`) are merged into it — the most failures, the latest failure and the longest
-- lock of the user's rows — so an upgrade lifts no running wait and drops no counted mistake.
INSERT OR IGNORE INTO login_throttle (key, failures, last_failure_at, locked_until)
SELECT 'key-password:' || substr(key, instr(key, ':') + 1), max(failures), max(last_failure_at), max(locked_until)
FROM login_throttle
WHERE key LIKE 'sign:%' OR key LIKE 'certify:%' OR key LIKE 'password-change:%'
GROUP BY substr(key, instr(key, ':') + 1);
DELETE FROM login_throttle WHERE key LIKE 'sign:%' OR key LIKE 'certify:%' OR key LIKE 'password-change:%';
