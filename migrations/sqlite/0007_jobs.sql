-- The scheduler's work: reminders and the system's own commands, planned from each order's state and replaced in
-- the transaction that changes the order. A done job keeps its row, so the same reminder is never planned again.
CREATE TABLE jobs (
    key         TEXT    PRIMARY KEY,           -- what it is about and the moment it counts from
    order_id    INTEGER,                       -- NULL for community-wide jobs (the admins' digest)
    payload     TEXT    NOT NULL,              -- JSON: what to do
    due_at      TEXT    NOT NULL,
    done_at     TEXT,
    created_at  TEXT    NOT NULL
);
-- The due query reads only pending jobs: its cost does not grow with history.
CREATE INDEX jobs_due ON jobs (due_at) WHERE done_at IS NULL;
CREATE INDEX jobs_pending_of_order ON jobs (order_id) WHERE done_at IS NULL;

-- The admins' digest lists these two states.
CREATE INDEX milestones_waiting_for_admins ON milestones (status) WHERE status IN ('disputed', 'payment_reported');

-- Superseded by jobs.
DROP INDEX milestones_due;
ALTER TABLE milestones DROP COLUMN next_due_at;

-- A sender claims a message for a while before sending it, so two replicas never send the same one.
ALTER TABLE outbox ADD COLUMN leased_until TEXT;
