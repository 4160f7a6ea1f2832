import type { components } from './generated/openapi.js';
import { eachItem, type ApiTransport } from './transport.js';

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

/** `stepline.secrets`: create, list, read, update and delete secrets (admin credentials only). */
export class SecretsApi {
  constructor(private readonly t: ApiTransport) {}

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
  list(options: { limit?: number } = {}): AsyncGenerator<Secret> {
    return eachItem((cursor) => this.listPage({ ...options, ...(cursor ? { cursor } : {}) }));
  }

  /** A new value and/or description; answers the secret without its value. */
  update(id: string, options: UpdateSecretOptions): Promise<Secret> {
    return this.t.call(this.t.raw.PATCH('/v1/secrets/{id}', { params: { path: { id } }, body: options }));
  }

  async delete(id: string): Promise<void> {
    await this.t.call(this.t.raw.DELETE('/v1/secrets/{id}', { params: { path: { id } } }));
  }
}
