import { JwtService } from '@nestjs/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../testing/http-client.js';
import { tenantQuery } from '../../testing/tenant-db.js';
import { createTestTenant, TEST_PASSWORD, type TestTenant } from '../../testing/tenant.factory.js';
import { startTestApi, type TestApi } from '../../testing/test-api.js';

describe('authentication', () => {
  let api: TestApi;
  let http: HttpClient;
  let acme: TestTenant;

  beforeAll(async () => {
    api = await startTestApi({ env: { LOGIN_MAX_PER_IP_PER_MINUTE: '1000' } });
    http = new HttpClient(api.baseUrl);
    acme = await createTestTenant(http, api.db.ownerUrl);
  });
  afterAll(() => api?.close());

  // Tenant-less rows (unknown emails) are visible to no application role, by design; operators read
  // them with a BYPASSRLS role. So only tenant rows are checked here.
  const auditActions = (tenantId: string) =>
    tenantQuery<{ action: string; actor_label: string }>(
      api.db.ownerUrl,
      tenantId,
      `SELECT action, actor_label FROM audit_log WHERE tenant_id = $1 ORDER BY created_at`,
      [tenantId],
    );

  describe('signup', () => {
    it('creates a user and a tenant they own, and answers a working token pair', async () => {
      const res = await http.post('/v1/auth/signup', {
        email: 'grace@example.com',
        password: 'a-long-password',
        name: 'Grace Hopper',
        tenantName: 'Compilers Inc',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        tokenType: 'Bearer',
        role: 'owner',
        expiresIn: 900,
        tenant: { name: 'Compilers Inc' },
      });
      expect(res.body.tenant.slug).toMatch(/^compilers-inc-[0-9a-f]{6}$/);
      const me = await http.get('/v1/auth/me', { token: res.body.accessToken });
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ user: { email: 'grace@example.com' }, role: 'owner' });
      expect((await auditActions(res.body.tenant.id)).map((r) => r.action).sort()).toEqual([
        'auth.signup',
        'tenant.created',
      ]);
    });

    it('refuses an email already registered, whatever its case, naming the field', async () => {
      const res = await http.post('/v1/auth/signup', {
        email: acme.owner.email.toUpperCase(),
        password: 'a-long-password',
        name: 'Copy',
        tenantName: 'Copy',
      });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('validation.failed');
      expect(res.body.errors).toEqual([expect.objectContaining({ path: '/email', code: 'field.taken' })]);
    });

    it('rejects unknown and invalid fields with their paths', async () => {
      const res = await http.post('/v1/auth/signup', {
        email: 'not-an-email',
        password: 'short',
        name: 'X',
        tenantName: 'Y',
        isAdmin: true,
      });
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const paths = res.body.errors.map((e: { path: string }) => e.path);
      expect(paths).toEqual(expect.arrayContaining(['/email', '/password', '/isAdmin']));
      expect(res.body.errors.find((e: { path: string }) => e.path === '/isAdmin').code).toBe('field.unknown');
    });
  });

  describe('login', () => {
    it('signs in with the right password, case-insensitively on the email', async () => {
      const res = await http.post('/v1/auth/login', {
        email: acme.users.editor.email.toUpperCase(),
        password: TEST_PASSWORD,
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ role: 'editor', tenant: { id: acme.id } });
    });

    it('answers the same 401 for a wrong password and an unknown email, and audits both', async () => {
      const wrong = await http.post('/v1/auth/login', {
        email: acme.users.viewer.email,
        password: 'wrong-password',
      });
      const unknown = await http.post('/v1/auth/login', {
        email: 'nobody@example.com',
        password: 'wrong-password',
      });
      for (const res of [wrong, unknown]) {
        expect(res.status).toBe(401);
        expect(res.body.code).toBe('auth.invalid_credentials');
      }
      expect(wrong.body.detail).toBe(unknown.body.detail);
      expect(await auditActions(acme.id)).toContainEqual({
        action: 'auth.login_failed',
        actor_label: acme.users.viewer.email,
      });
    });

    it('limits attempts per email with 429 and Retry-After', async () => {
      const email = `target.${Date.now()}@example.com`;
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < 12; i++) {
        last = await http.post('/v1/auth/login', { email, password: 'guess-number-' + i });
        statuses.push(last.status);
      }
      expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(10)).toEqual([429, 429]);
      expect(last!.body.code).toBe('auth.rate_limited');
      expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    });
  });

  describe('refresh tokens', () => {
    it('rotate on every use', async () => {
      const login = await http.post('/v1/auth/login', {
        email: acme.users.operator.email,
        password: TEST_PASSWORD,
      });
      const first = await http.post('/v1/auth/refresh', { refreshToken: login.body.refreshToken });
      expect(first.status).toBe(200);
      expect(first.body.refreshToken).not.toBe(login.body.refreshToken);
      const second = await http.post('/v1/auth/refresh', { refreshToken: first.body.refreshToken });
      expect(second.status).toBe(200);
      expect((await http.get('/v1/auth/me', { token: second.body.accessToken })).status).toBe(200);
    });

    it('revoke the whole family when a rotated token is presented again', async () => {
      const login = await http.post('/v1/auth/login', {
        email: acme.users.operator.email,
        password: TEST_PASSWORD,
      });
      const rotated = await http.post('/v1/auth/refresh', { refreshToken: login.body.refreshToken });
      expect(rotated.status).toBe(200);

      const replay = await http.post('/v1/auth/refresh', { refreshToken: login.body.refreshToken });
      expect(replay.status).toBe(401);
      expect(replay.body.code).toBe('auth.refresh_reused');

      // The legitimate successor and every access token of the family are dead too.
      const successor = await http.post('/v1/auth/refresh', { refreshToken: rotated.body.refreshToken });
      expect(successor.status).toBe(401);
      expect((await http.get('/v1/auth/me', { token: rotated.body.accessToken })).status).toBe(401);
      expect((await http.get('/v1/auth/me', { token: login.body.accessToken })).status).toBe(401);
      expect((await auditActions(acme.id)).map((r) => r.action)).toContain('auth.refresh_reused');
    });

    it('let exactly one of two concurrent refreshes of the same token win', async () => {
      const login = await http.post('/v1/auth/login', {
        email: acme.users.operator.email,
        password: TEST_PASSWORD,
      });
      const [a, b] = await Promise.all([
        http.post('/v1/auth/refresh', { refreshToken: login.body.refreshToken }),
        http.post('/v1/auth/refresh', { refreshToken: login.body.refreshToken }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 401]);
    });

    it('reject an unknown token', async () => {
      const res = await http.post('/v1/auth/refresh', { refreshToken: 'x'.repeat(43) });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('auth.token_invalid');
    });
  });

  it('logout ends the session: its access and refresh tokens stop working', async () => {
    const login = await http.post('/v1/auth/login', {
      email: acme.users.admin.email,
      password: TEST_PASSWORD,
    });
    expect((await http.post('/v1/auth/logout', undefined, { token: login.body.accessToken })).status).toBe(
      204,
    );
    expect((await http.get('/v1/auth/me', { token: login.body.accessToken })).status).toBe(401);
    expect((await http.post('/v1/auth/refresh', { refreshToken: login.body.refreshToken })).status).toBe(401);
  });

  it('switch-tenant issues tokens for another tenant of the same user only', async () => {
    const other = await http.post('/v1/auth/signup', {
      email: `multi.${Date.now()}@example.com`,
      password: 'a-long-password',
      name: 'Multi',
      tenantName: 'First',
    });
    const second = await createTestTenant(http, api.db.ownerUrl, 'second');
    // Add the multi-tenant user to the second tenant as a viewer, directly.
    await tenantQuery(
      api.db.ownerUrl,
      second.id,
      `INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'viewer')`,
      [second.id, other.body.user.id],
    );

    const switched = await http.post(
      '/v1/auth/switch-tenant',
      { tenantId: second.id },
      { token: other.body.accessToken },
    );
    expect(switched.status).toBe(200);
    expect(switched.body).toMatchObject({ tenant: { id: second.id }, role: 'viewer' });
    expect(switched.body.memberships).toHaveLength(2);

    const foreign = await http.post(
      '/v1/auth/switch-tenant',
      { tenantId: acme.id },
      { token: other.body.accessToken },
    );
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('resource.not_found');
  });

  describe('access tokens', () => {
    const { secret, issuer, audience } = {
      secret: 'stepline-development-only-secret-change-me-0123456789',
      issuer: 'stepline',
      audience: 'stepline-api',
    };
    const jwt = new JwtService({});
    const claims = () => ({ tid: acme.id, sid: '00000000-0000-4000-8000-000000000000' });
    const sign = (options: Record<string, unknown>, payload: Record<string, unknown> = claims()) =>
      jwt.sign(payload, {
        secret,
        algorithm: 'HS256',
        subject: acme.owner.id,
        issuer,
        audience,
        expiresIn: 60,
        ...options,
      });
    const me = async (token: string) => http.get('/v1/auth/me', { token });
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

    it('accept a well-formed token of a live session', async () => {
      expect((await me(acme.owner.accessToken)).status).toBe(200);
    });

    it('reject a token whose signature was tampered with', async () => {
      const [h, p, s] = acme.owner.accessToken.split('.');
      const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
      const forged = `${h}.${b64({ ...payload, tid: '11111111-1111-4111-8111-111111111111' })}.${s}`;
      const res = await me(forged);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('auth.token_invalid');
    });

    it('reject alg "none"', async () => {
      const payload = JSON.parse(Buffer.from(acme.owner.accessToken.split('.')[1], 'base64url').toString());
      const res = await me(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`);
      expect(res.status).toBe(401);
    });

    it('reject another algorithm, audience, issuer or secret', async () => {
      for (const token of [
        sign({ algorithm: 'HS512' }),
        sign({ audience: 'someone-else' }),
        sign({ issuer: 'evil' }),
        sign({ secret: 'another-secret-of-at-least-32-characters!!' }),
      ]) {
        const res = await me(token);
        expect(res.status, token).toBe(401);
        expect(res.body.code).toBe('auth.token_invalid');
      }
    });

    it('reject an expired token as expired, and one without exp', async () => {
      const expired = sign({ expiresIn: -10 });
      const res = await me(expired);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('auth.token_expired');
      const noExp = jwt.sign(claims(), {
        secret,
        algorithm: 'HS256',
        subject: acme.owner.id,
        issuer,
        audience,
      });
      expect((await me(noExp)).body.code).toBe('auth.token_invalid');
    });

    it('reject a malformed Authorization header and a missing one', async () => {
      expect((await http.get('/v1/auth/me', { headers: { authorization: 'Basic abc' } })).body.code).toBe(
        'auth.token_invalid',
      );
      const none = await http.get('/v1/auth/me');
      expect(none.status).toBe(401);
      expect(none.body.code).toBe('auth.unauthenticated');
    });
  });

  describe('over GraphQL', () => {
    it('logs in, answers me, and maps errors to codes', async () => {
      const login = await http.gql(
        `mutation($input: LoginInput!) { login(input: $input) { accessToken role tenant { id } } }`,
        { input: { email: acme.users.viewer.email, password: TEST_PASSWORD } },
      );
      expect(login.data.login).toMatchObject({ role: 'viewer', tenant: { id: acme.id } });
      const me = await http.gql(`{ me { user { email } role } }`, {}, login.data.login.accessToken);
      expect(me.data.me).toEqual({ user: { email: acme.users.viewer.email }, role: 'viewer' });

      const bad = await http.gql(`mutation($input: LoginInput!) { login(input: $input) { accessToken } }`, {
        input: { email: acme.users.viewer.email, password: 'nope-nope-nope' },
      });
      expect(bad.errors?.[0].extensions).toMatchObject({ code: 'auth.invalid_credentials', status: 401 });
      const anon = await http.gql(`{ me { role } }`);
      expect(anon.errors?.[0].extensions?.code).toBe('auth.unauthenticated');
    });
  });
});
