// Brings up Postgres and Redis when none are configured, and prepares the database roles.
// Order of preference: DATABASE_URL / REDIS_URL when reachable; services already listening on the
// standard local ports; `docker compose up -d` where a Docker engine runs; Debian/Ubuntu packages
// when running as root; otherwise a precise message of what to install.
import { existsSync, readdirSync } from 'node:fs';
import { capture, fail, has, log, portOpen, run, waitFor } from './shell.mjs';

const PG = { host: '127.0.0.1', port: 5432 };
const REDIS = { host: '127.0.0.1', port: 6379 };
export const OWNER = { user: 'stepline_owner', password: 'stepline_owner' };
export const APP = { user: 'stepline_app', password: 'stepline_app' };

const pgUrl = (who, db) => `postgres://${who.user}:${who.password}@${PG.host}:${PG.port}/${db}`;

/** Services this process brought up, so that `npm start` can stop them again on Ctrl-C. */
export const startedServices = [];

const dockerEngine = () => has('docker') && capture('docker', ['info']).code === 0;
const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function aptInstall(packages) {
  log(`installing ${packages.join(', ')} with apt-get …`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (run('apt-get', ['update', '-qq'], { env }) !== 0) return false;
  return run('apt-get', ['install', '-y', '-qq', ...packages], { env }) === 0;
}

function startSystemPostgres() {
  if (!existsCmd('pg_ctlcluster')) return false;
  const versions = safeList('/etc/postgresql');
  for (const v of versions) run('pg_ctlcluster', ['--skip-systemctl-redirect', v, 'main', 'start']);
  return versions.length > 0;
}
const existsCmd = (c) => has(c);
const safeList = (dir) => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};

async function ensurePort(name, addr, compose, aptPackages, startSystem) {
  if (await portOpen(addr.host, addr.port)) return;
  const howToInstall =
    `${name} is not running on ${addr.host}:${addr.port}. Start it, or set ` +
    `${name === 'PostgreSQL' ? 'DATABASE_URL and DATABASE_MIGRATION_URL' : 'REDIS_URL'}, or install ` +
    `Docker (then \`docker compose up -d ${compose}\`) or the Debian packages ${aptPackages.join(' ')}.`;
  if (dockerEngine()) {
    log(`starting ${name} with docker compose …`);
    run('docker', ['compose', 'up', '-d', compose]);
    startedServices.push({ name, stop: () => run('docker', ['compose', 'stop', compose]) });
  } else if (startSystem()) {
    log(`started the system's ${name}`);
    startedServices.push({ name, stop: stopSystem[name] });
  } else if (isRoot() && has('apt-get')) {
    if (!aptInstall(aptPackages)) fail(howToInstall);
    if (!startSystem()) fail(howToInstall);
    startedServices.push({ name, stop: stopSystem[name] });
  } else {
    fail(howToInstall);
  }
  await waitFor(`${name} on port ${addr.port}`, () => portOpen(addr.host, addr.port), 60_000).catch(() =>
    fail(howToInstall),
  );
}

const stopSystem = {
  PostgreSQL: () => {
    for (const v of safeList('/etc/postgresql'))
      run('pg_ctlcluster', ['--skip-systemctl-redirect', v, 'main', 'stop']);
  },
  Redis: () => run('redis-cli', ['-p', String(REDIS.port), 'shutdown', 'nosave']),
};

function startSystemRedis() {
  if (!has('redis-server')) return false;
  return (
    run('redis-server', [
      '--daemonize',
      'yes',
      '--bind',
      '127.0.0.1',
      '--port',
      String(REDIS.port),
      '--save',
      '',
    ]) === 0
  );
}

/** Runs SQL as a superuser: over TCP when one is reachable, else through the local postgres account. */
async function adminSql(statements) {
  const { default: pg } = await import('pg');
  const candidates = [
    process.env.PG_ADMIN_URL,
    `postgres://postgres@${PG.host}:${PG.port}/postgres`,
    `postgres://postgres:postgres@${PG.host}:${PG.port}/postgres`,
  ].filter(Boolean);
  for (const url of candidates) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
    } catch {
      continue;
    }
    try {
      for (const sql of statements) await client.query(sql);
      return;
    } finally {
      await client.end();
    }
  }
  if (isRoot() && has('runuser')) {
    for (const sql of statements) {
      const res = capture('runuser', ['-u', 'postgres', '--', 'psql', '-v', 'ON_ERROR_STOP=1', '-qc', sql]);
      if (res.code !== 0) fail(`could not run as postgres: ${sql}\n${res.out}`);
    }
    return;
  }
  fail('cannot reach PostgreSQL as a superuser to create the stepline roles: set PG_ADMIN_URL');
}

const roleSql = (role, attrs) => `DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role.user}') THEN
    CREATE ROLE ${role.user} LOGIN PASSWORD '${role.password}' ${attrs};
  ELSE
    ALTER ROLE ${role.user} LOGIN PASSWORD '${role.password}' ${attrs};
  END IF;
END $$`;

/** Where Debian, Ubuntu and source builds of Postgres put their Unix sockets. */
const SOCKET_DIRS = ['/var/run/postgresql', '/run/postgresql', '/tmp'];

/**
 * `url` (the app role over TCP on this machine) through the same server's Unix socket, when it has
 * one the role can log in through; else `url` unchanged. On one machine a socket costs the API, the
 * worker and Postgres less CPU per query than loopback TCP (bench/webhooks, docs/benchmarks.md).
 * The server behind the socket must be the one on the TCP port (same postmaster start time).
 * `STEPLINE_PG_SOCKET=off` keeps TCP.
 */
export async function overLocalSocket(url, { dirs = SOCKET_DIRS, port = PG.port } = {}) {
  if (process.env.STEPLINE_PG_SOCKET === 'off') return url;
  const dir = dirs.find((d) => existsSync(`${d}/.s.PGSQL.${port}`));
  if (!dir) return url;
  const socketUrl = `${url}?host=${dir}`;
  const { default: pg } = await import('pg');
  const started = async (connectionString) => {
    const client = new pg.Client({ connectionString, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      const { rows } = await client.query('SELECT pg_postmaster_start_time()::text AS t');
      return rows[0].t;
    } catch {
      return undefined;
    } finally {
      await client.end().catch(() => undefined);
    }
  };
  const [viaSocket, viaTcp] = await Promise.all([started(socketUrl), started(url)]);
  if (viaSocket === undefined || viaSocket !== viaTcp) return url;
  log(`PostgreSQL: the app connects through its Unix socket in ${dir}`);
  return socketUrl;
}

/** Creates a database owned by the schema owner unless it exists. */
export async function ensureDatabase(name) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: pgUrl(OWNER, 'postgres') });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

/**
 * Returns the environment (DATABASE_URL, DATABASE_MIGRATION_URL, REDIS_URL) for `database`,
 * bringing services up and creating roles and the database as needed.
 */
export async function ensureServices(database) {
  const env = {};
  if (process.env.DATABASE_URL) {
    env.DATABASE_URL = process.env.DATABASE_URL;
    env.DATABASE_MIGRATION_URL = process.env.DATABASE_MIGRATION_URL ?? process.env.DATABASE_URL;
    log('using DATABASE_URL from the environment');
  } else {
    await ensurePort('PostgreSQL', PG, 'postgres', ['postgresql'], startSystemPostgres);
    // The owner role owns the schema (migrations); the app role owns nothing and cannot bypass RLS.
    // The owner is a member of the app role so that dropping a (test) database can end the app
    // role's lingering connections; membership grants no way around row-level security.
    await adminSql([
      roleSql(OWNER, 'CREATEDB NOSUPERUSER'),
      roleSql(APP, 'NOSUPERUSER NOBYPASSRLS NOCREATEDB'),
      `GRANT ${APP.user} TO ${OWNER.user}`,
    ]);
    await ensureDatabase(database);
    env.DATABASE_URL = await overLocalSocket(pgUrl(APP, database));
    env.DATABASE_MIGRATION_URL = pgUrl(OWNER, database);
  }
  if (process.env.REDIS_URL) {
    env.REDIS_URL = process.env.REDIS_URL;
  } else {
    await ensurePort('Redis', REDIS, 'redis', ['redis-server'], startSystemRedis);
    env.REDIS_URL = `redis://${REDIS.host}:${REDIS.port}`;
  }
  return env;
}

export { pgUrl, PG };
