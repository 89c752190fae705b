-- Where a seller's money goes: a payout method the operator offers (TeleBirr, CBE, a bank) and the account there.
ALTER TABLE users ADD COLUMN payout_method TEXT;
ALTER TABLE users ADD COLUMN payout_account TEXT;

-- Requests to take available money out; decided once by an admin.
CREATE TABLE withdrawals (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id       INTEGER NOT NULL REFERENCES users (id),
    amount_minor  INTEGER NOT NULL CHECK (amount_minor > 0),
    currency      TEXT    NOT NULL,
    destination   TEXT    NOT NULL,
    status        TEXT    NOT NULL CHECK (status IN ('requested', 'paid', 'rejected')),
    note          TEXT,                        -- the transfer reference, or the reason of a rejection
    decided_by    INTEGER,
    requested_at  TEXT    NOT NULL,
    decided_at    TEXT
);
CREATE INDEX withdrawals_open ON withdrawals (requested_at) WHERE status = 'requested';
CREATE INDEX withdrawals_user ON withdrawals (user_id);

-- A manual payment's reference (normalised) can be reported once: a second order cannot reuse a screenshot.
CREATE TABLE payment_references (
    reference   TEXT    PRIMARY KEY,
    order_id    INTEGER NOT NULL REFERENCES orders (id),
    seq         INTEGER NOT NULL,
    created_at  TEXT    NOT NULL
);
