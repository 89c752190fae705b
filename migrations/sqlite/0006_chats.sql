-- Settings of group chats (and the admin chat): the language the bot writes in there, chosen by a group admin.
CREATE TABLE chats (
    id          INTEGER PRIMARY KEY,           -- Telegram chat id (negative for groups)
    language    TEXT    NOT NULL,
    set_by      INTEGER NOT NULL,              -- the admin who chose it
    updated_at  TEXT    NOT NULL
);
