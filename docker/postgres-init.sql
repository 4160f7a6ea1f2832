-- Roles of a Stepline database (the same as scripts/lib/services.mjs creates on a local server):
-- the schema owner runs migrations; the application role owns nothing and cannot bypass RLS.
CREATE ROLE stepline_owner LOGIN PASSWORD 'stepline_owner' CREATEDB NOSUPERUSER;
CREATE ROLE stepline_app LOGIN PASSWORD 'stepline_app' NOSUPERUSER NOBYPASSRLS NOCREATEDB;
GRANT stepline_app TO stepline_owner;
CREATE DATABASE stepline OWNER stepline_owner;
