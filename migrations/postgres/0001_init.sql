-- Dereja schema (Postgres). Same meaning as migrations/sqlite/0001_init.sql; money is integer minor units,
-- timestamps are TIMESTAMPTZ, structured data is JSONB.

CREATE TABLE users (
    id          BIGINT  PRIMARY KEY,           -- Telegram user id
    name        TEXT    NOT NULL,
    language    TEXT    NOT NULL,
    time_zone   TEXT    NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE orders (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title           TEXT    NOT NULL,
    currency        TEXT    NOT NULL,
    origin_chat_id  BIGINT,                    -- NULL for an order started in a private chat
    created_by      TEXT    NOT NULL CHECK (created_by IN ('buyer', 'seller')),
    buyer_id        BIGINT REFERENCES users (id),
    seller_id       BIGINT REFERENCES users (id),
    closed          BOOLEAN NOT NULL DEFAULT FALSE,
    version         BIGINT NOT NULL,           -- optimistic concurrency: bumped by every command
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    CHECK (buyer_id IS NULL OR seller_id IS NULL OR buyer_id <> seller_id)
);
CREATE INDEX orders_buyer ON orders (buyer_id);
CREATE INDEX orders_seller ON orders (seller_id);

CREATE TABLE milestones (
    order_id            BIGINT NOT NULL REFERENCES orders (id),
    seq                 BIGINT NOT NULL,
    title               TEXT    NOT NULL,
    deliverables        TEXT    NOT NULL,
    deadline            JSONB   NOT NULL,       -- JSON: a fixed time or hours after activation
    amount_minor        BIGINT NOT NULL CHECK (amount_minor > 0),
    currency            TEXT    NOT NULL,
    revisions_included  BIGINT NOT NULL,
    revisions_used      BIGINT NOT NULL,
    proposed_by         TEXT    NOT NULL CHECK (proposed_by IN ('buyer', 'seller')),
    status              TEXT    NOT NULL,
    status_data         JSONB   NOT NULL,       -- JSON of the domain status with its timestamps
    cancel_requested_by TEXT,
    next_due_at         TIMESTAMPTZ,                 -- when the scheduler must look at it; NULL when nothing is due
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (order_id, seq)
);
CREATE INDEX milestones_due ON milestones (next_due_at) WHERE next_due_at IS NOT NULL;

CREATE TABLE ledger_transactions (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        TEXT    NOT NULL,
    currency    TEXT    NOT NULL,
    order_id    BIGINT REFERENCES orders (id),
    seq         BIGINT,
    created_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE ledger_entries (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    transaction_id  BIGINT NOT NULL REFERENCES ledger_transactions (id),
    account_kind    TEXT    NOT NULL,
    user_id         BIGINT,                    -- for buyer, pending, available, paid_out accounts
    order_id        BIGINT,                    -- for escrow accounts
    seq             BIGINT,
    currency        TEXT    NOT NULL,
    amount_minor    BIGINT NOT NULL CHECK (amount_minor <> 0)
);
CREATE INDEX ledger_entries_tx ON ledger_entries (transaction_id);
CREATE INDEX ledger_entries_user ON ledger_entries (user_id, account_kind);

CREATE TABLE events (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id    BIGINT NOT NULL REFERENCES orders (id),
    seq         BIGINT,
    kind        TEXT    NOT NULL,
    actor_id    BIGINT,                        -- NULL when the system acted
    at          TIMESTAMPTZ NOT NULL,
    data        JSONB   NOT NULL                -- JSON of the domain event
);
CREATE INDEX events_order ON events (order_id, id);

CREATE TABLE outbox (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    chat_id     BIGINT NOT NULL,
    payload     JSONB   NOT NULL,               -- JSON: what to send
    created_at  TIMESTAMPTZ NOT NULL,
    not_before  TIMESTAMPTZ NOT NULL,
    attempts    BIGINT NOT NULL DEFAULT 0,
    sent_at     TIMESTAMPTZ,
    failed_at   TIMESTAMPTZ,
    last_error  TEXT
);
CREATE INDEX outbox_pending ON outbox (not_before, id) WHERE sent_at IS NULL AND failed_at IS NULL;

CREATE TABLE processed_updates (
    update_id     BIGINT PRIMARY KEY,
    processed_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE dialogues (
    chat_id     BIGINT PRIMARY KEY,
    state       JSONB   NOT NULL,               -- JSON of the dialogue state
    updated_at  TIMESTAMPTZ NOT NULL
);
