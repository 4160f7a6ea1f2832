import { ArgsType, Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { IsOptional, IsString, Matches } from 'class-validator';
import { DAY_REGEX } from '../usage.types.js';

@ArgsType()
export class UsageArgs {
  @Field({ nullable: true, description: 'First UTC day, YYYY-MM-DD (29 days before `to` by default)' })
  @IsOptional()
  @IsString()
  @Matches(DAY_REGEX, { message: 'a day, YYYY-MM-DD' })
  from?: string;

  @Field({ nullable: true, description: 'Last UTC day, YYYY-MM-DD (today by default)' })
  @IsOptional()
  @IsString()
  @Matches(DAY_REGEX, { message: 'a day, YYYY-MM-DD' })
  to?: string;
}

@ObjectType('UsageDay')
export class UsageDayModel {
  @Field() day!: string;
  @Field(() => Int) runs!: number;
  @Field(() => Int) steps!: number;
  @Field(() => Float) stepSeconds!: number;
}

@ObjectType('UsageTotals')
export class UsageTotalsModel {
  @Field(() => Int) runs!: number;
  @Field(() => Int) steps!: number;
  @Field(() => Float) stepSeconds!: number;
}

@ObjectType('Quotas')
export class QuotasModel {
  @Field(() => Int) maxConcurrentRuns!: number;
  @Field(() => Int) runStartsPerMinute!: number;
  @Field(() => Int) maxStepsPerRun!: number;
  @Field(() => Int) maxForEachItems!: number;
  @Field(() => Int) maxPayloadBytes!: number;
  @Field(() => Int) maxStepOutputBytes!: number;
}

@ObjectType('RunSlots')
export class RunSlotsModel {
  @Field(() => Int) held!: number;
  @Field(() => Int) pending!: number;
}

@ObjectType('Usage')
export class UsageModel {
  @Field() from!: string;
  @Field() to!: string;
  @Field(() => [UsageDayModel]) days!: UsageDayModel[];
  @Field(() => UsageTotalsModel) totals!: UsageTotalsModel;
  @Field(() => QuotasModel) quotas!: QuotasModel;
  @Field(() => RunSlotsModel) slots!: RunSlotsModel;
}
