-- Telegram payments, stored the moment they arrive and before they are applied: a payment that cannot fund its
-- milestone any more (cancelled or paid by transfer meanwhile) is owed back to the payer, never lost.
CREATE TABLE payments (
    charge_id           TEXT    PRIMARY KEY,   -- Telegram's charge id
    provider_charge_id  TEXT    NOT NULL,
    payer_id            INTEGER NOT NULL,
    order_id            INTEGER NOT NULL,
    seq                 INTEGER NOT NULL,
    amount_minor        INTEGER NOT NULL,
    currency            TEXT    NOT NULL,
    received_at         TEXT    NOT NULL,
    outcome             TEXT,                  -- 'applied' or 'refunded' once settled
    settled_at          TEXT
);
