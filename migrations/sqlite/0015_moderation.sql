-- Moderation by the global admins: an order frozen while they look into it (nothing moves until it is unfrozen), a
-- person suspended from new work, people's @usernames for /find, and the log of every admin command.
ALTER TABLE orders ADD COLUMN frozen TEXT;          -- JSON: who froze it, when and why; NULL when it is not frozen
ALTER TABLE users ADD COLUMN username TEXT;         -- Telegram @username, lowercase, if they have one
ALTER TABLE users ADD COLUMN banned TEXT;           -- JSON: who suspended them, when and why; NULL when not
CREATE INDEX users_username ON users (username);
CREATE TABLE admin_log (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at        TEXT    NOT NULL,
    admin_id  INTEGER NOT NULL,
    action    TEXT    NOT NULL,                     -- ban, unban, freeze, unfreeze, maintenance
    subject   TEXT    NOT NULL,                     -- the order or person it was about, or on/off
    detail    TEXT                                  -- the reason or the message
);
