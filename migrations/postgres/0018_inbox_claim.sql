-- The inbox's claim in one round trip on Postgres: it stores the batch just received, marks the handled updates
-- done, takes the next update of each free chat and reads the people behind them, the same statements the bot runs
-- one by one on SQLite (src/store/inbox.rs), here in one call that commits on its own. Each statement sees what the
-- ones before it wrote. Rows with an update id are the updates taken, with their person (if the bot knows them)
-- and the conversation their update continues; rows without one name the chats, of `busy` and of those taken, that
-- hold another open update behind, listed only when fewer than `up_to` were taken.
CREATE FUNCTION inbox_claim(
    new_ids BIGINT[], new_chats BIGINT[], new_payloads TEXT[], new_readers BIGINT[], new_reader_chats BIGINT[],
    finished BIGINT[], busy BIGINT[], now_at TIMESTAMPTZ, lease_until TIMESTAMPTZ, up_to BIGINT)
RETURNS TABLE (
    update_id BIGINT, chat_id BIGINT, attempts BIGINT, payload TEXT, reader_id BIGINT, reader_chat BIGINT,
    name TEXT, language TEXT, time_zone TEXT, username TEXT, unreachable BOOLEAN, dialogue JSONB)
LANGUAGE plpgsql
-- Planned once per connection: the lists change size at every call, and planning each statement again cost more
-- than running it. (The look for an older open update is fenced, see 0016 and src/store/inbox.rs, so the generic
-- plan is one look-up per candidate.)
SET plan_cache_mode = force_generic_plan
AS $$
#variable_conflict use_column
DECLARE
    taken_ids BIGINT[];
    taken_chats BIGINT[];
BEGIN
    INSERT INTO inbox (update_id, chat_id, payload, received_at, reader_id, reader_chat)
    SELECT u, c, p, now_at, r, rc FROM UNNEST(new_ids, new_chats, new_payloads, new_readers, new_reader_chats)
        AS t (u, c, p, r, rc)
    ON CONFLICT (update_id) DO NOTHING;
    UPDATE inbox SET done_at = now_at WHERE done_at IS NULL AND update_id = ANY(finished);
    WITH taken AS (
        UPDATE inbox SET not_before = lease_until, attempts = attempts + 1 WHERE update_id IN (
            SELECT i.update_id FROM inbox i WHERE i.done_at IS NULL AND i.failed_at IS NULL
            AND (i.not_before IS NULL OR i.not_before <= now_at)
            AND NOT EXISTS (SELECT 1 FROM inbox e WHERE e.chat_id = i.chat_id AND e.update_id < i.update_id
                AND e.done_at IS NULL AND e.failed_at IS NULL LIMIT 1 OFFSET 0)
            ORDER BY i.update_id LIMIT up_to FOR UPDATE SKIP LOCKED)
        AND (not_before IS NULL OR not_before <= now_at)
        RETURNING update_id, chat_id)
    SELECT array_agg(taken.update_id), array_agg(taken.chat_id) INTO taken_ids, taken_chats FROM taken;
    RETURN QUERY
        SELECT i.update_id, i.chat_id, i.attempts, i.payload, i.reader_id, i.reader_chat,
            u.name, u.language, u.time_zone, u.username, u.unreachable_since IS NOT NULL,
            (SELECT d.state FROM dialogues d WHERE d.chat_id = i.reader_chat)
        FROM inbox i LEFT JOIN users u ON u.id = i.reader_id
        WHERE i.update_id = ANY(taken_ids);
    IF COALESCE(array_length(taken_ids, 1), 0) < up_to THEN
        RETURN QUERY
            SELECT NULL::BIGINT, o.chat_id, NULL::BIGINT, NULL::TEXT, NULL::BIGINT, NULL::BIGINT,
                NULL::TEXT, NULL::TEXT, NULL::TEXT, NULL::TEXT, NULL::BOOLEAN, NULL::JSONB
            FROM inbox o
            WHERE o.done_at IS NULL AND o.failed_at IS NULL
            AND o.chat_id = ANY(busy || COALESCE(taken_chats, '{}'))
            GROUP BY o.chat_id HAVING COUNT(*) > 1;
    END IF;
END
$$;
