import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { SCHEDULE_TRIGGER_LIMITS } from '@stepline/domain';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { JsonScalar } from '../../audit/graphql/json.scalar.js';
import { TRIGGER_KINDS } from '../trigger-kinds.js';

/** A trigger; no field can carry its token (only create/rotate answer with it) or its secret. */
@ObjectType('Trigger')
export class TriggerModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) flowId!: string;
  @Field(() => String, { nullable: true, description: 'The flow’s name' }) flowName!: string | null;
  @Field({ description: 'webhook, schedule or event' }) kind!: string;
  @Field() enabled!: boolean;
  @Field(() => Int, { nullable: true, description: 'Pinned version; null = the published one' })
  version!: number | null;
  @Field(() => JsonScalar, { description: 'Settings of its kind (a webhook’s without the secret)' })
  config!: unknown;
  @Field({ description: 'Whether an auth secret is stored (write-only)' }) hasSecret!: boolean;
  @Field(() => String, { nullable: true }) tokenPrefix!: string | null;
  @Field(() => [String], {
    description: 'An enabled schedule’s next five fire times (ISO 8601); empty otherwise',
  })
  nextFireTimes!: string[];
  @Field(() => String, { nullable: true, description: 'A schedule’s last start of a run (ISO 8601)' })
  lastFiredAt!: string | null;
  @Field(() => String, { nullable: true }) createdBy!: string | null;
  @Field() createdAt!: string;
  @Field() updatedAt!: string;
}

@ObjectType('TriggerWithToken')
export class TriggerWithTokenModel {
  @Field(() => TriggerModel) trigger!: TriggerModel;
  @Field(() => String, { nullable: true, description: 'A webhook’s token, shown once: store it now' })
  token!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'The webhook path, relative to the API base URL (null for other kinds)',
  })
  url!: string | null;
}

@InputType()
export class CreateTriggerInput {
  @Field(() => String, { nullable: true, description: 'webhook (the default), schedule or event' })
  @IsOptional()
  @IsIn([...TRIGGER_KINDS])
  kind?: (typeof TRIGGER_KINDS)[number];

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
    description: 'Settings of the kind, as in REST (a webhook’s auth.secret write-only)',
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

@InputType()
export class SchedulePreviewInput {
  @Field(() => String, { description: 'cron or interval' }) @IsIn(['cron', 'interval']) mode!: string;

  @Field(() => String, { nullable: true, description: '5-field cron (mode cron)' })
  @IsOptional()
  @IsString()
  @MaxLength(SCHEDULE_TRIGGER_LIMITS.maxCronLength)
  cron?: string;

  @Field(() => String, { nullable: true, description: 'IANA time zone, default UTC (mode cron)' })
  @IsOptional()
  @IsString()
  @MaxLength(SCHEDULE_TRIGGER_LIMITS.maxTimeZoneLength)
  timezone?: string;

  @Field(() => Int, { nullable: true, description: 'Seconds between slots (mode interval)' })
  @IsOptional()
  @IsInt()
  intervalSeconds?: number;
}
