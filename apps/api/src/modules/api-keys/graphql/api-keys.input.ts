import { Field, InputType } from '@nestjs/graphql';
import { API_KEY_SCOPES, type ApiKeyScope } from '@stepline/domain';
import {
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
} from 'class-validator';

@InputType()
export class CreateApiKeyInput {
  @Field() @IsString() @Length(1, 120) name!: string;

  @Field(() => [String], {
    description: 'Non-empty, unique: flows:read, flows:write, runs:read, runs:write, events:write, admin',
  })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(API_KEY_SCOPES, { each: true })
  scopes!: ApiKeyScope[];

  @Field({ nullable: true, description: 'ISO 8601, in the future' })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;
}
