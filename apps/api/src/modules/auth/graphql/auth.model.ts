import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ROLES, type Role } from '@stepline/domain';

export const RoleEnum = Object.fromEntries(ROLES.map((r) => [r, r])) as { [K in Role]: K };
registerEnumType(RoleEnum, { name: 'Role' });

@ObjectType('User')
export class UserModel {
  @Field() id!: string;
  @Field() email!: string;
  @Field() name!: string;
}

@ObjectType('TenantRef')
export class TenantRefModel {
  @Field() id!: string;
  @Field() slug!: string;
  @Field() name!: string;
}

@ObjectType('MembershipSummary')
export class MembershipSummaryModel {
  @Field() tenantId!: string;
  @Field() slug!: string;
  @Field() name!: string;
  @Field(() => RoleEnum) role!: Role;
}

@ObjectType('SessionInfo')
export class SessionInfoModel {
  @Field(() => UserModel) user!: UserModel;
  @Field(() => TenantRefModel) tenant!: TenantRefModel;
  @Field(() => RoleEnum) role!: Role;
  @Field(() => [MembershipSummaryModel]) memberships!: MembershipSummaryModel[];
}

@ObjectType('AuthSession')
export class AuthSessionModel extends SessionInfoModel {
  @Field() tokenType!: string;
  @Field() accessToken!: string;
  @Field(() => Int) expiresIn!: number;
  @Field() refreshToken!: string;
  @Field() refreshExpiresAt!: string;
}
