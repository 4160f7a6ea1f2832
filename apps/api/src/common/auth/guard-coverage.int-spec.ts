import { Controller, Get, Module, type INestApplication, type Type } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants.js';
import {
  APP_GUARD,
  DiscoveryService,
  MetadataScanner,
  ModulesContainer,
  NestFactory,
  Reflector,
} from '@nestjs/core';
import {
  Field,
  GRAPHQL_MODULE_OPTIONS,
  ObjectType,
  Query,
  RESOLVER_PROPERTY_METADATA,
  RESOLVER_TYPE_METADATA,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppModule } from '../../app.module.js';
import { HttpClient } from '../../testing/http-client.js';
import { createTestTenant, type TestTenant } from '../../testing/tenant.factory.js';
import { startTestApi, type TestApi } from '../../testing/test-api.js';
import { createValidationPipe } from '../errors/validation.pipe.js';
import { AuthCoreModule } from './auth-core.module.js';
import { AuthGuard } from './auth.guard.js';
import { AUTHENTICATED_ONLY, REQUIRED_PERMISSION } from './can.decorator.js';
import { IS_PUBLIC, Public } from './public.decorator.js';

interface Handler {
  /** `REST GET AuthController.login`, `GraphQL Query AuditResolver.auditLog`, … */
  name: string;
  cls: Type;
  method: Function;
}

/** Every REST route handler and GraphQL resolver method the application registered. */
function handlersOf(app: INestApplication): Handler[] {
  const discovery = new DiscoveryService(app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const found = new Map<string, Handler>();
  const scan = (instance: unknown, kindOf: (method: Function) => string | undefined) => {
    if (!instance || typeof instance !== 'object') return;
    const proto = Object.getPrototypeOf(instance);
    const cls = proto.constructor as Type;
    for (const key of scanner.getAllMethodNames(proto)) {
      const kind = kindOf(proto[key]);
      if (kind)
        found.set(`${kind} ${cls.name}.${key}`, {
          name: `${kind} ${cls.name}.${key}`,
          cls,
          method: proto[key],
        });
    }
  };
  for (const wrapper of discovery.getControllers()) {
    scan(wrapper.instance, (m) => (Reflect.hasMetadata(PATH_METADATA, m) ? 'REST' : undefined));
  }
  for (const wrapper of discovery.getProviders()) {
    scan(wrapper.instance, (m) => {
      if (Reflect.getMetadata(RESOLVER_PROPERTY_METADATA, m)) return 'GraphQL ResolveField';
      const type = Reflect.getMetadata(RESOLVER_TYPE_METADATA, m);
      return typeof type === 'string' ? `GraphQL ${type}` : undefined;
    });
  }
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Handlers carrying none of the three access policies, on the method or on its class. */
function unguarded(app: INestApplication): string[] {
  const reflector = app.get(Reflector);
  return handlersOf(app)
    .filter(({ cls, method }) =>
      [IS_PUBLIC, AUTHENTICATED_ONLY, REQUIRED_PERMISSION].every(
        (key) => reflector.getAllAndOverride(key, [method, cls]) === undefined,
      ),
    )
    .map((h) => h.name);
}

// A probe with no access policy at all: what a forgetful future handler looks like.
@Controller('probe')
class ProbeController {
  @Get()
  open() {
    return { reached: true };
  }
}

@ObjectType('Probe')
class ProbeModel {
  @Field() name!: string;
}

@Resolver(() => ProbeModel)
class ProbeResolver {
  @Query(() => Boolean)
  probeOpen() {
    return true;
  }

  // The parent query is public; the field resolver must still be refused on its own.
  @Query(() => ProbeModel)
  @Public()
  probePublic() {
    return { name: 'probe' };
  }

  @ResolveField(() => String)
  secret() {
    return 'leaked';
  }
}

describe('guard coverage', () => {
  let api: TestApi;
  let probe: INestApplication;
  let probeHttp: HttpClient;
  let acme: TestTenant;

  beforeAll(async () => {
    api = await startTestApi();
    acme = await createTestTenant(new HttpClient(api.baseUrl), api.db.ownerUrl);
    @Module({
      imports: [AppModule.forRoot({ config: api.config })],
      controllers: [ProbeController],
      providers: [ProbeResolver],
    })
    class ProbeAppModule {}
    probe = await NestFactory.create(ProbeAppModule, { logger: false });
    probe.useGlobalPipes(createValidationPipe());
    await probe.listen(0, '127.0.0.1');
    probeHttp = new HttpClient(`http://127.0.0.1:${(probe.getHttpServer().address() as AddressInfo).port}`);
  });
  afterAll(async () => {
    await probe?.close();
    await api?.close();
  });

  it('finds the REST handlers and GraphQL operations of the application', () => {
    const names = handlersOf(api.app).map((h) => h.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'REST AuthController.login',
        'REST AuditController.list',
        'REST HealthController.health',
        'GraphQL Query AuditResolver.auditLog',
        'GraphQL Mutation AuthResolver.login',
        'GraphQL Query HealthResolver.health',
      ]),
    );
  });

  it('finds no handler without @Public(), @SignedInUser() or @Can(...)', () => {
    expect(unguarded(api.app), 'give each of these an access policy').toEqual([]);
  });

  it('would name a handler that has none (the check is not vacuous)', () => {
    expect(unguarded(probe)).toEqual([
      'GraphQL Query ProbeResolver.probeOpen',
      'GraphQL ResolveField ProbeResolver.secret',
      'REST ProbeController.open',
    ]);
  });

  it('installs AuthGuard as the global APP_GUARD', () => {
    const providers: unknown[] = Reflect.getMetadata('providers', AuthCoreModule);
    expect(providers).toContainEqual({ provide: APP_GUARD, useClass: AuthGuard });
  });

  it('refuses a REST handler without an access policy, even to the owner (fails closed)', async () => {
    const anonymous = await probeHttp.get('/probe');
    expect(anonymous.status).toBe(401);
    const owner = await probeHttp.get('/probe', { token: acme.owner.accessToken });
    expect(owner.status).toBe(403);
    expect(owner.body.code).toBe('permission.denied');
  });

  it('refuses a GraphQL operation and a field resolver without an access policy', async () => {
    const query = await probeHttp.gql('{ probeOpen }', {}, acme.owner.accessToken);
    expect(query.data).toBeNull();
    expect(query.errors?.[0].extensions?.code).toBe('permission.denied');
    expect((await probeHttp.gql('{ probePublic { name } }')).data).toEqual({
      probePublic: { name: 'probe' },
    });
    const field = await probeHttp.gql('{ probePublic { name secret } }', {}, acme.owner.accessToken);
    expect(field.errors?.[0].extensions?.code).toBe('permission.denied');
    expect(JSON.stringify(field)).not.toContain('leaked');
  });

  it('runs guards and error filters on GraphQL field resolvers', () => {
    expect(api.app.get(GRAPHQL_MODULE_OPTIONS).fieldResolverEnhancers).toEqual(
      expect.arrayContaining(['guards', 'filters']),
    );
  });
});
