-- Values the bot generates once and every replica shares, by name: the webhook's secret token.
CREATE TABLE settings (
    name   TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
