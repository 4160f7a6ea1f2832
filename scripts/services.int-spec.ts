import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM helper shared with the start and test scripts (no type declarations)
import { OWNER, overLocalSocket, pgUrl } from './lib/services.mjs';

const dir = ['/var/run/postgresql', '/run/postgresql', '/tmp'].find((d) => existsSync(`${d}/.s.PGSQL.5432`));
const tcpUrl: string = pgUrl(OWNER, 'postgres');

const clientAddress = async (connectionString: string) => {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return (await client.query('SELECT inet_client_addr() AS addr, current_user AS who')).rows[0];
  } finally {
    await client.end();
  }
};

describe('overLocalSocket (the app role through the local Postgres socket)', () => {
  afterEach(() => {
    delete process.env.STEPLINE_PG_SOCKET;
  });

  it.runIf(dir)('answers a URL that reaches the same server through its Unix socket', async () => {
    const url: string = await overLocalSocket(tcpUrl);
    expect(url).toBe(`${tcpUrl}?host=${dir}`);
    // No client address: the connection came through the socket, as the same role.
    expect(await clientAddress(url)).toEqual({ addr: null, who: OWNER.user });
    expect((await clientAddress(tcpUrl)).addr).toBe('127.0.0.1');
  });

  it('keeps TCP when STEPLINE_PG_SOCKET=off', async () => {
    process.env.STEPLINE_PG_SOCKET = 'off';
    expect(await overLocalSocket(tcpUrl)).toBe(tcpUrl);
  });

  it('keeps TCP when no socket is found', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-pg-socket-'));
    expect(await overLocalSocket(tcpUrl, { dirs: [empty] })).toBe(tcpUrl);
  });

  it.runIf(dir)('keeps TCP when the role cannot log in (through either way)', async () => {
    const wrong = 'postgres://no_such_role_x:pw@127.0.0.1:5432/postgres';
    expect(await overLocalSocket(wrong)).toBe(wrong);
  });
});
