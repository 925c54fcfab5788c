-- (PostgreSQL; see the sqlite/ twin.)
-- SQLite gives logins a version of their own for search_users' page marks;
-- PostgreSQL keeps no versions (see 20261123000006_user_versions.sql).
SELECT 1;
