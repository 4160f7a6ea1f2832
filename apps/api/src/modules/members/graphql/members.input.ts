import { Field, InputType } from '@nestjs/graphql';
import type { Role } from '@stepline/domain';
import { ROLES } from '@stepline/domain';
import { IsEmail, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { RoleEnum } from '../../auth/graphql/auth.model.js';

@InputType()
export class InviteMemberInput {
  @Field() @IsEmail() @MaxLength(254) email!: string;
  @Field(() => RoleEnum) @IsIn(ROLES) role!: Role;
}

@InputType()
export class AcceptInvitationInput {
  @Field() @IsString() @Length(16, 200) token!: string;
  @Field({ nullable: true, description: 'Required when no account exists for the invited email' })
  @IsOptional()
  @IsString()
  @Length(1, 120)
  name?: string;
  @Field() @IsString() @Length(10, 200) password!: string;
}
