-- Groups a global admin registered as communities: only then do the group's own admins decide on money for the
-- orders started there. A row with active = 0 is a group that was told it is not one (or was switched off).
CREATE TABLE communities (
    chat_id     INTEGER PRIMARY KEY,           -- Telegram chat id of the group
    active      INTEGER NOT NULL,              -- 1 while registered
    changed_by  INTEGER,                       -- the global admin who last switched it (none: never registered)
    changed_at  TEXT    NOT NULL,
    told_at     TEXT                           -- when the group was told that global admins decide for it
);
