-- The person an order was started with in a group (by replying to them): the only one who may join it.
ALTER TABLE orders ADD COLUMN invitee_id BIGINT REFERENCES users (id);
