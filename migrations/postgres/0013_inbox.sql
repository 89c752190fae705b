-- The durable inbox: every update is stored before Telegram is told it arrived, and handled from here, one chat's
-- updates in order. A row is done once its effects committed (in the same transaction where the handler changes an
-- order or money); one that keeps failing stops after a few attempts and is kept for the admins. It replaces
-- processed_updates: the update id is the key, so an update Telegram sends twice is stored once.
CREATE TABLE inbox (
    update_id    BIGINT      PRIMARY KEY,
    chat_id      BIGINT      NOT NULL,     -- updates of one chat are handled in order
    payload      TEXT        NOT NULL,     -- the update as Telegram sent it (JSON)
    received_at  TIMESTAMPTZ NOT NULL,
    attempts     BIGINT      NOT NULL DEFAULT 0,
    not_before   TIMESTAMPTZ,              -- held by a worker, or waiting to retry, until then
    done_at      TIMESTAMPTZ,
    failed_at    TIMESTAMPTZ,              -- given up after the last attempt
    last_error   TEXT
);
CREATE INDEX inbox_pending ON inbox (chat_id, update_id) WHERE done_at IS NULL AND failed_at IS NULL;
DROP TABLE processed_updates;
