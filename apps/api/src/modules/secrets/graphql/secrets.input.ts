import { Field, InputType } from '@nestjs/graphql';
import { SECRET_LIMITS, SECRET_NAME_MESSAGE, SECRET_NAME_PATTERN } from '@stepline/domain';
import { IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { MultilineText } from '../../../common/http/text-input.js';

@InputType()
export class CreateSecretInput {
  @Field({ description: 'A–Z, 0–9 and _, starting with a letter; referenced as {{ secrets.NAME }}' })
  @IsString()
  @Matches(new RegExp(SECRET_NAME_PATTERN), { message: SECRET_NAME_MESSAGE })
  name!: string;

  @Field({ description: 'Write-only: no query returns it' })
  @IsString()
  @Length(1, SECRET_LIMITS.valueBytes)
  @MultilineText()
  value!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(SECRET_LIMITS.description)
  @MultilineText()
  description?: string | null;
}

@InputType()
export class UpdateSecretInput {
  @Field({ nullable: true, description: 'A new value (write-only)' })
  @IsOptional()
  @IsString()
  @Length(1, SECRET_LIMITS.valueBytes)
  @MultilineText()
  value?: string;

  @Field(() => String, { nullable: true, description: 'null clears it' })
  @IsOptional()
  @IsString()
  @MaxLength(SECRET_LIMITS.description)
  @MultilineText()
  description?: string | null;
}
