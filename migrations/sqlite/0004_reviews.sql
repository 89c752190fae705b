-- Ratings the parties give each other when an order is complete: one per person and order.
CREATE TABLE reviews (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id     INTEGER NOT NULL REFERENCES orders (id),
    reviewer_id  INTEGER NOT NULL REFERENCES users (id),
    about_id     INTEGER NOT NULL REFERENCES users (id),
    role         TEXT NOT NULL CHECK (role IN ('buyer', 'seller')),
    stars        INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
    text         TEXT,
    created_at   TEXT NOT NULL,
    UNIQUE (order_id, reviewer_id)
);
CREATE INDEX reviews_about ON reviews (about_id);
