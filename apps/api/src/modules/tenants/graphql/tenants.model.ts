import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('TenantSettings')
export class TenantSettingsModel {
  @Field(() => Int, { nullable: true }) retentionDays?: number;
  @Field(() => Int, { nullable: true }) maxConcurrentRuns?: number;
  @Field(() => Int, { nullable: true }) runStartsPerMinute?: number;
  @Field(() => Int, { nullable: true }) maxStepsPerRun?: number;
  @Field(() => Int, { nullable: true }) maxForEachItems?: number;
  @Field(() => Int, { nullable: true }) maxPayloadBytes?: number;
  @Field(() => Int, { nullable: true }) maxStepOutputBytes?: number;
}

@ObjectType('Tenant')
export class TenantModel {
  @Field(() => ID) id!: string;
  @Field() slug!: string;
  @Field() name!: string;
  @Field(() => TenantSettingsModel) settings!: TenantSettingsModel;
  @Field() createdAt!: string;
}
