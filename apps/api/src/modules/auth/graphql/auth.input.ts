import { Field, InputType } from '@nestjs/graphql';
import { IsEmail, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';

@InputType()
export class SignupInput {
  @Field() @IsEmail() @MaxLength(254) email!: string;
  @Field() @IsString() @Length(10, 200) password!: string;
  @Field() @IsString() @Length(1, 120) name!: string;
  @Field() @IsString() @Length(1, 120) tenantName!: string;
}

@InputType()
export class LoginInput {
  @Field() @IsEmail() @MaxLength(254) email!: string;
  @Field() @IsString() @MaxLength(200) password!: string;
  @Field({ nullable: true }) @IsOptional() @IsUUID() tenantId?: string;
}
