-- (PostgreSQL; see the sqlite/ twin.)
-- SQLite keeps a version per domain of its accounts for search_users' page
-- marks. PostgreSQL does not: a counter row per domain would be rewritten by
-- every insert of a bulk import, and pages there walk their index instead.
SELECT 1;
