import { graphql } from '../../../core/graphql/generated';
import type {
  InvitationsQuery,
  InviteMemberMutation,
  MembersQuery,
} from '../../../core/graphql/generated/graphql';

export const MEMBERS_PAGE_SIZE = 50;

export const MembersDocument = graphql(`
  query Members($limit: Int, $cursor: String) {
    members(limit: $limit, cursor: $cursor) {
      data {
        id
        userId
        email
        name
        role
        createdAt
      }
      nextCursor
    }
  }
`);

export const InvitationsDocument = graphql(`
  query Invitations($limit: Int, $cursor: String) {
    invitations(limit: $limit, cursor: $cursor) {
      data {
        id
        email
        role
        invitedBy
        expiresAt
        createdAt
      }
      nextCursor
    }
  }
`);

export const ChangeMemberRoleDocument = graphql(`
  mutation ChangeMemberRole($userId: ID!, $role: Role!) {
    changeMemberRole(userId: $userId, role: $role) {
      id
      userId
      email
      name
      role
      createdAt
    }
  }
`);

export const RemoveMemberDocument = graphql(`
  mutation RemoveMember($userId: ID!) {
    removeMember(userId: $userId)
  }
`);

export const InviteMemberDocument = graphql(`
  mutation InviteMember($input: InviteMemberInput!) {
    inviteMember(input: $input) {
      id
      email
      role
      invitedBy
      expiresAt
      createdAt
      token
    }
  }
`);

export const RevokeInvitationDocument = graphql(`
  mutation RevokeInvitation($id: ID!) {
    revokeInvitation(id: $id)
  }
`);

export type Member = MembersQuery['members']['data'][number];
/** A pending invitation. */
export type Invitation = InvitationsQuery['invitations']['data'][number];
/** The invitation and its one-time token, answered only once. */
export type CreatedInvitation = InviteMemberMutation['inviteMember'];
