-- PeerWorks's two database roles (README "Deploy"): an owner that runs migrations, and
-- the role the app runs as, which may read and write rows but never change the schema
-- (a table owner could drop the triggers that keep signed records unchanged).
--
-- Run once, as a PostgreSQL superuser, before the first `manage.py migrate`:
--   psql -v db=peerworks -v owner=peerworks_owner -v app=peerworks_app \
--        -v owner_password='…' -v app_password='…' -f deploy/roles.sql
-- make prod-check runs this very file.

CREATE ROLE :"owner" LOGIN PASSWORD :'owner_password';
CREATE ROLE :"app" LOGIN PASSWORD :'app_password';
CREATE DATABASE :"db" OWNER :"owner";

\connect :"db"

-- Only the two roles may connect.
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db" TO :"owner", :"app";

-- The owner creates the tables; the app may only use what is there.
ALTER SCHEMA public OWNER TO :"owner";
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"app";

-- Every table and sequence a later migration creates (as the owner) is granted too.
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO :"app";

-- And what exists already, for a database migrated before these grants.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"app";
