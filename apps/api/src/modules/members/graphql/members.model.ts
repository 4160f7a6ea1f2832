import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { Role } from '@stepline/domain';
import { RoleEnum } from '../../auth/graphql/auth.model.js';

@ObjectType('Member')
export class MemberModel {
  @Field(() => ID, { description: 'Membership id' }) id!: string;
  @Field(() => ID) userId!: string;
  @Field() email!: string;
  @Field() name!: string;
  @Field(() => RoleEnum) role!: Role;
  @Field() createdAt!: string;
}

@ObjectType('MemberPage')
export class MemberPageModel {
  @Field(() => [MemberModel]) data!: MemberModel[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
}

@ObjectType('Invitation')
export class InvitationModel {
  @Field(() => ID) id!: string;
  @Field() email!: string;
  @Field(() => RoleEnum) role!: Role;
  @Field(() => ID, { description: 'The inviting user or API key' }) invitedBy!: string;
  @Field() expiresAt!: string;
  @Field() createdAt!: string;
}

@ObjectType('CreatedInvitation')
export class CreatedInvitationModel extends InvitationModel {
  @Field({ description: 'One-time token for the invitee; shown only in this answer' }) token!: string;
}

@ObjectType('InvitationPage')
export class InvitationPageModel {
  @Field(() => [InvitationModel]) data!: InvitationModel[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
}
