-- One number that every committed write raises, inside the same transaction
-- (store.c, cnap_store_commit), so that any process reading the file can tell
-- with one statement whether anything changed since it last looked: the web's
-- page cache tags what it keeps with it (src/web/cache.h).
CREATE TABLE change_counter (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n INTEGER NOT NULL
) STRICT;
INSERT INTO change_counter (id, n) VALUES (1, 1);
