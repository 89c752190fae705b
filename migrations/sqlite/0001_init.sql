-- Dereja schema (SQLite). Same meaning as migrations/postgres/0001_init.sql; money is integer minor units,
-- timestamps are UTC (sqlx's chrono TEXT encoding), structured data is JSON text.

CREATE TABLE users (
    id          INTEGER PRIMARY KEY,           -- Telegram user id
    name        TEXT    NOT NULL,
    language    TEXT    NOT NULL,
    time_zone   TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);

CREATE TABLE orders (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    title           TEXT    NOT NULL,
    currency        TEXT    NOT NULL,
    origin_chat_id  INTEGER,                    -- NULL for an order started in a private chat
    created_by      TEXT    NOT NULL CHECK (created_by IN ('buyer', 'seller')),
    buyer_id        INTEGER REFERENCES users (id),
    seller_id       INTEGER REFERENCES users (id),
    closed          BOOLEAN NOT NULL DEFAULT FALSE,
    version         INTEGER NOT NULL,           -- optimistic concurrency: bumped by every command
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    CHECK (buyer_id IS NULL OR seller_id IS NULL OR buyer_id <> seller_id)
);
CREATE INDEX orders_buyer ON orders (buyer_id);
CREATE INDEX orders_seller ON orders (seller_id);

CREATE TABLE milestones (
    order_id            INTEGER NOT NULL REFERENCES orders (id),
    seq                 INTEGER NOT NULL,
    title               TEXT    NOT NULL,
    deliverables        TEXT    NOT NULL,
    deadline            TEXT    NOT NULL,       -- JSON: a fixed time or hours after activation
    amount_minor        INTEGER NOT NULL CHECK (amount_minor > 0),
    currency            TEXT    NOT NULL,
    revisions_included  INTEGER NOT NULL,
    revisions_used      INTEGER NOT NULL,
    proposed_by         TEXT    NOT NULL CHECK (proposed_by IN ('buyer', 'seller')),
    status              TEXT    NOT NULL,
    status_data         TEXT    NOT NULL,       -- JSON of the domain status with its timestamps
    cancel_requested_by TEXT,
    next_due_at         TEXT,                   -- when the scheduler must look at it; NULL when nothing is due
    created_at          TEXT    NOT NULL,
    updated_at          TEXT    NOT NULL,
    PRIMARY KEY (order_id, seq)
);
CREATE INDEX milestones_due ON milestones (next_due_at) WHERE next_due_at IS NOT NULL;

CREATE TABLE ledger_transactions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT    NOT NULL,
    currency    TEXT    NOT NULL,
    order_id    INTEGER REFERENCES orders (id),
    seq         INTEGER,
    created_at  TEXT    NOT NULL
);

CREATE TABLE ledger_entries (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    transaction_id  INTEGER NOT NULL REFERENCES ledger_transactions (id),
    account_kind    TEXT    NOT NULL,
    user_id         INTEGER,                    -- for buyer, pending, available, paid_out accounts
    order_id        INTEGER,                    -- for escrow accounts
    seq             INTEGER,
    currency        TEXT    NOT NULL,
    amount_minor    INTEGER NOT NULL CHECK (amount_minor <> 0)
);
CREATE INDEX ledger_entries_tx ON ledger_entries (transaction_id);
CREATE INDEX ledger_entries_user ON ledger_entries (user_id, account_kind);

CREATE TABLE events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id    INTEGER NOT NULL REFERENCES orders (id),
    seq         INTEGER,
    kind        TEXT    NOT NULL,
    actor_id    INTEGER,                        -- NULL when the system acted
    at          TEXT    NOT NULL,
    data        TEXT    NOT NULL                -- JSON of the domain event
);
CREATE INDEX events_order ON events (order_id, id);

CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id     INTEGER NOT NULL,
    payload     TEXT    NOT NULL,               -- JSON: what to send
    created_at  TEXT    NOT NULL,
    not_before  TEXT    NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    sent_at     TEXT,
    failed_at   TEXT,
    last_error  TEXT
);
CREATE INDEX outbox_pending ON outbox (not_before, id) WHERE sent_at IS NULL AND failed_at IS NULL;

CREATE TABLE processed_updates (
    update_id     INTEGER PRIMARY KEY,
    processed_at  TEXT    NOT NULL
);

CREATE TABLE dialogues (
    chat_id     INTEGER PRIMARY KEY,
    state       TEXT    NOT NULL,               -- JSON of the dialogue state
    updated_at  TEXT    NOT NULL
);
