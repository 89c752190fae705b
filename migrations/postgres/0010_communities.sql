-- Groups a global admin registered as communities: only then do the group's own admins decide on money for the
-- orders started there. A row with active = false is a group that was told it is not one (or was switched off).
CREATE TABLE communities (
    chat_id     BIGINT      PRIMARY KEY,       -- Telegram chat id of the group
    active      BOOLEAN     NOT NULL,          -- true while registered
    changed_by  BIGINT,                        -- the global admin who last switched it (none: never registered)
    changed_at  TIMESTAMPTZ NOT NULL,
    told_at     TIMESTAMPTZ                    -- when the group was told that global admins decide for it
);
