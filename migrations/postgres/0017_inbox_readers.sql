-- The person an update comes from and the chat whose conversation it continues (their private chat for a button
-- press), kept with the update: a claim reads the people of all it hands out in one statement of its own
-- transaction, where each handler read its person in a round trip of its own. Updates stored before have none and
-- are read as before.
ALTER TABLE inbox ADD COLUMN reader_id BIGINT;
ALTER TABLE inbox ADD COLUMN reader_chat BIGINT;
