-- Since when Telegram refuses messages to a user (never started the bot, or blocked it); NULL when reachable.
ALTER TABLE users ADD COLUMN unreachable_since TEXT;
