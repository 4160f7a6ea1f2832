import type { Client } from 'openapi-fetch';
import type { components, paths } from './generated/openapi.js';

/** A secret as the API shows it: never its value, which no endpoint returns. */
export type Secret = components['schemas']['SecretDto'];
export type SecretPage = components['schemas']['SecretPageDto'];

export interface CreateSecretOptions {
  /** A–Z, 0–9 and _, starting with a letter; flows refer to it as `{{ secrets.NAME }}`. */
  name: string;
  /** Write-only: at most 64 KiB of UTF-8. */
  value: string;
  description?: string | null;
}

export interface UpdateSecretOptions {
  /** A new value (rotation). */
  value?: string;
  /** null clears it. */
  description?: string | null;
}

/** What the secrets API needs of the client. */
export interface SecretsTransport {
  raw: Client<paths>;
  call<T>(pending: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T>;
}

/** `stepline.secrets`: create, list, read, update and delete secrets (admin credentials only). */
export class SecretsApi {
  constructor(private readonly t: SecretsTransport) {}

  create(options: CreateSecretOptions): Promise<Secret> {
    return this.t.call(this.t.raw.POST('/v1/secrets', { body: options }));
  }

  get(id: string): Promise<Secret> {
    return this.t.call(this.t.raw.GET('/v1/secrets/{id}', { params: { path: { id } } }));
  }

  /** One page of secrets, newest first. */
  listPage(options: { limit?: number; cursor?: string } = {}): Promise<SecretPage> {
    return this.t.call(this.t.raw.GET('/v1/secrets', { params: { query: options } }));
  }

  /** Every secret of the tenant, newest first, fetching pages as the iteration goes. */
  async *list(options: { limit?: number } = {}): AsyncGenerator<Secret> {
    let cursor: string | undefined;
    do {
      const page = await this.listPage({ ...options, ...(cursor ? { cursor } : {}) });
      yield* page.data;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  /** A new value and/or description; answers the secret without its value. */
  update(id: string, options: UpdateSecretOptions): Promise<Secret> {
    return this.t.call(this.t.raw.PATCH('/v1/secrets/{id}', { params: { path: { id } }, body: options }));
  }

  async delete(id: string): Promise<void> {
    await this.t.call(this.t.raw.DELETE('/v1/secrets/{id}', { params: { path: { id } } }));
  }
}
