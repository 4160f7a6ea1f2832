import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsBoolean, IsIn, IsInt, IsObject, IsOptional, Max, Min, ValidateIf } from 'class-validator';
import { JsonScalar } from '../../audit/graphql/json.scalar.js';

/** A trigger; no field can carry its token (only create/rotate answer with it) or its secret. */
@ObjectType('Trigger')
export class TriggerModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) flowId!: string;
  @Field({ description: 'webhook (schedule and event to come)' }) kind!: string;
  @Field() enabled!: boolean;
  @Field(() => Int, { nullable: true, description: 'Pinned version; null = the published one' })
  version!: number | null;
  @Field(() => JsonScalar, { description: 'Webhook settings (no secret)' }) config!: unknown;
  @Field({ description: 'Whether an auth secret is stored (write-only)' }) hasSecret!: boolean;
  @Field(() => String, { nullable: true }) tokenPrefix!: string | null;
  @Field(() => String, { nullable: true }) createdBy!: string | null;
  @Field() createdAt!: string;
  @Field() updatedAt!: string;
}

@ObjectType('TriggerWithToken')
export class TriggerWithTokenModel {
  @Field(() => TriggerModel) trigger!: TriggerModel;
  @Field({ description: 'Shown once: store it now' }) token!: string;
  @Field({ description: 'The webhook path, relative to the API base URL' }) url!: string;
}

@InputType()
export class CreateTriggerInput {
  @Field(() => String, { nullable: true, description: 'webhook (the default and only kind so far)' })
  @IsOptional()
  @IsIn(['webhook'])
  kind?: 'webhook';

  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() enabled?: boolean;

  @Field(() => Int, { nullable: true, description: 'A published version to pin; null = the published one' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  version?: number | null;

  @Field(() => JsonScalar, {
    nullable: true,
    description: 'Webhook settings, as in REST (auth.secret write-only)',
  })
  @IsOptional()
  @IsObject()
  config?: Record<string, unknown>;
}

@InputType()
export class UpdateTriggerInput {
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() enabled?: boolean;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  version?: number | null;

  @Field(() => JsonScalar, { nullable: true, description: 'Merged over the stored config' })
  @IsOptional()
  @IsObject()
  config?: Record<string, unknown>;
}
