-- The buyer's rating of each approved milestone (the order-level ratings stay in `reviews`).
CREATE TABLE milestone_reviews (
    order_id     INTEGER NOT NULL REFERENCES orders (id),
    seq          INTEGER NOT NULL,
    reviewer_id  INTEGER NOT NULL REFERENCES users (id),
    about_id     INTEGER NOT NULL REFERENCES users (id),
    stars        INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
    text         TEXT,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (order_id, seq, reviewer_id)
);
CREATE INDEX milestone_reviews_about ON milestone_reviews (about_id);
