import { graphql } from '../../../core/graphql/generated';
import type {
  ApiKeysQuery,
  CreateApiKeyInput,
  CreateApiKeyMutation,
} from '../../../core/graphql/generated/graphql';

// 25: the API's query-cost limit (5,000) refuses 50 keys with these fields.
export const API_KEYS_PAGE_SIZE = 25;

export const ApiKeysDocument = graphql(`
  query ApiKeys($limit: Int, $cursor: String) {
    apiKeys(limit: $limit, cursor: $cursor) {
      data {
        id
        name
        prefix
        scopes
        expiresAt
        lastUsedAt
        revokedAt
        createdAt
      }
      nextCursor
    }
  }
`);

export const CreateApiKeyDocument = graphql(`
  mutation CreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      id
      name
      prefix
      scopes
      expiresAt
      lastUsedAt
      revokedAt
      createdAt
      key
    }
  }
`);

export const RevokeApiKeyDocument = graphql(`
  mutation RevokeApiKey($id: ID!) {
    revokeApiKey(id: $id)
  }
`);

/** A key as listed, by its prefix; the key itself is never listed. */
export type ApiKey = ApiKeysQuery['apiKeys']['data'][number];
/** The only answer that carries the key. */
export type CreatedApiKey = CreateApiKeyMutation['createApiKey'];
export type NewApiKey = CreateApiKeyInput;
