import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Resolver, Subscription } from '@nestjs/graphql';
import { waitFor } from '@stepline/server/testing';
import { PubSub } from 'graphql-subscriptions';
import { createClient, type Client } from 'graphql-ws';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AppModule } from '../../app.module.js';
import { HttpClient } from '../../testing/http-client.js';
import { createTestTenant, type TestTenant } from '../../testing/tenant.factory.js';
import { startTestApi, type TestApi } from '../../testing/test-api.js';
import { Can } from './can.decorator.js';

/**
 * Subscriptions (graphql-ws) go through the same principal resolver and guard as queries: the
 * connection's `authorization` parameter stands in for the header. Proven with a probe
 * subscription, since the product's first real subscriptions arrive with runs.
 */
const pubSub = new PubSub();

@Resolver()
class TicksResolver {
  @Can('read', 'Run')
  @Subscription(() => String)
  probeTicks() {
    return pubSub.asyncIterableIterator('ticks');
  }
}

interface Outcome {
  values: string[];
  errors: Array<{ extensions?: { code?: string } }>;
  done: boolean;
}

function subscribe(client: Client): Outcome {
  const outcome: Outcome = { values: [], errors: [], done: false };
  client.subscribe<{ probeTicks: string }>(
    { query: 'subscription { probeTicks }' },
    {
      next: (msg) => {
        if (msg.data) outcome.values.push(msg.data.probeTicks);
        if (msg.errors) outcome.errors.push(...(msg.errors as unknown as Outcome['errors']));
      },
      error: (e) => {
        outcome.errors.push(
          ...((Array.isArray(e) ? e : [{ extensions: { code: String(e) } }]) as Outcome['errors']),
        );
        outcome.done = true;
      },
      complete: () => (outcome.done = true),
    },
  );
  return outcome;
}

describe('GraphQL subscriptions are guarded', () => {
  let api: TestApi;
  let probe: INestApplication;
  let url: string;
  let acme: TestTenant;
  const clients: Client[] = [];
  const connect = (authorization?: string) => {
    const client = createClient({
      url,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: true,
      connectionParams: authorization ? { authorization } : {},
    });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    api = await startTestApi();
    acme = await createTestTenant(new HttpClient(api.baseUrl), api.db.ownerUrl);
    @Module({ imports: [AppModule.forRoot({ config: api.config })], providers: [TicksResolver] })
    class ProbeAppModule {}
    probe = await NestFactory.create(ProbeAppModule, { logger: false });
    await probe.listen(0, '127.0.0.1');
    url = `ws://127.0.0.1:${(probe.getHttpServer().address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await probe?.close();
    await api?.close();
  });

  it('refuses a subscription without a credential', async () => {
    const outcome = subscribe(connect());
    await waitFor(() => outcome.done || outcome.errors.length > 0, { what: 'the refusal' });
    expect(outcome.errors[0]?.extensions?.code).toBe('auth.unauthenticated');
    expect(outcome.values).toEqual([]);
  });

  it('refuses a subscription with a forged token', async () => {
    const outcome = subscribe(connect('Bearer not.a.jwt'));
    await waitFor(() => outcome.done || outcome.errors.length > 0, { what: 'the refusal' });
    expect(outcome.errors[0]?.extensions?.code).toBe('auth.token_invalid');
  });

  it('refuses a credential whose rights do not cover the subscription', async () => {
    const http = new HttpClient(api.baseUrl);
    const created = await http.post(
      '/v1/api-keys',
      { name: 'events only', scopes: ['events:write'] },
      { token: acme.owner.accessToken },
    );
    const outcome = subscribe(connect(`Bearer ${created.body.key}`));
    await waitFor(() => outcome.done || outcome.errors.length > 0, { what: 'the refusal' });
    expect(outcome.errors[0]?.extensions?.code).toBe('permission.denied');
  });

  it('delivers events to a member whose role may read what the subscription publishes', async () => {
    const outcome = subscribe(connect(`Bearer ${acme.users.viewer.accessToken}`));
    // The subscription is registered once the server has run the guard; publish until it arrives.
    await waitFor(
      async () => {
        await pubSub.publish('ticks', { probeTicks: 'tick' });
        return outcome.values.length > 0;
      },
      { what: 'a delivered event', intervalMs: 50 },
    );
    expect(outcome.values[0]).toBe('tick');
    expect(outcome.errors).toEqual([]);
  });
});
