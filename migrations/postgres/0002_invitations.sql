-- An order's invitation: the deep-link token the counterparty opens (t.me/<bot>?start=inv_<token>).
ALTER TABLE orders ADD COLUMN invite_token TEXT;
CREATE UNIQUE INDEX orders_invite_token ON orders (invite_token);
