-- History retention (--history-keep): the server prunes each shop's record history older than the
-- setting in the background, so it must learn which shops hold such rows before it enters any
-- shop. Like the login look-ups of V1, this answers exactly one narrow question as the owner, past
-- row-level security: shop ids only (never a row of history), a bounded page at a time, through
-- the (shop_id, at) index. Pruning itself then runs as the application role inside each shop.
CREATE FUNCTION repairsync_shops_with_history_before(after_shop uuid, before timestamptz, most integer)
    RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = ${flyway:defaultSchema}, pg_temp
    AS $$
        SELECT s.id FROM shops s
        WHERE s.id > after_shop
          AND EXISTS (SELECT 1 FROM record_history h WHERE h.shop_id = s.id AND h.at < before)
        ORDER BY s.id
        LIMIT most
    $$;

REVOKE ALL ON FUNCTION repairsync_shops_with_history_before(uuid, timestamptz, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION repairsync_shops_with_history_before(uuid, timestamptz, integer) TO ${app_role};
