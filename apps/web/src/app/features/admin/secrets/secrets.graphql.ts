import { graphql } from '../../../core/graphql/generated';
import type {
  CreateSecretInput,
  SecretsQuery,
  UpdateSecretInput,
} from '../../../core/graphql/generated/graphql';

export const SECRETS_PAGE_SIZE = 50;

// No document asks for a value: the API's Secret type has none.
export const SecretsDocument = graphql(`
  query Secrets($limit: Int, $cursor: String) {
    secrets(limit: $limit, cursor: $cursor) {
      data {
        id
        name
        description
        keyId
        createdAt
        updatedAt
        lastUsedAt
      }
      nextCursor
    }
  }
`);

export const CreateSecretDocument = graphql(`
  mutation CreateSecret($input: CreateSecretInput!) {
    createSecret(input: $input) {
      id
      name
      description
      keyId
      createdAt
      updatedAt
      lastUsedAt
    }
  }
`);

export const UpdateSecretDocument = graphql(`
  mutation UpdateSecret($id: ID!, $input: UpdateSecretInput!) {
    updateSecret(id: $id, input: $input) {
      id
      name
      description
      keyId
      createdAt
      updatedAt
      lastUsedAt
    }
  }
`);

export const DeleteSecretDocument = graphql(`
  mutation DeleteSecret($id: ID!) {
    deleteSecret(id: $id)
  }
`);

/** A secret as listed: name, description, key and times — never a value. */
export type Secret = SecretsQuery['secrets']['data'][number];
export type NewSecret = CreateSecretInput;
export type SecretChange = UpdateSecretInput;
