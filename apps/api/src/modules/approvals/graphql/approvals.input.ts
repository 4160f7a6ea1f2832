import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { APPROVAL_LIMITS, APPROVAL_STATUSES, type ApprovalStatus } from '@stepline/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PageArgs } from '../../../common/http/page-query.dto.js';
import { MultilineText } from '../../../common/http/text-input.js';

@InputType('ApprovalFilter')
export class ApprovalFilterInput {
  @Field(() => [String], { nullable: true, description: 'pending, decided, timed_out, cancelled' })
  @IsOptional()
  @ArrayMaxSize(APPROVAL_STATUSES.length)
  @IsIn(APPROVAL_STATUSES, { each: true })
  status?: ApprovalStatus[];

  @Field({
    nullable: true,
    description: 'Only approvals that name the caller, or name no one and the caller’s role may decide',
  })
  @IsOptional()
  @IsBoolean()
  assignedToMe?: boolean;

  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() flowId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() runId?: string;
}

@ArgsType()
export class ApprovalsArgs extends PageArgs {
  @Field(() => ApprovalFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ApprovalFilterInput)
  filter?: ApprovalFilterInput;
}

@InputType('DecideApprovalInput')
export class DecideApprovalInput {
  @Field({ description: 'One of the approval’s options' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'decision must be one of the approval’s options' })
  decision!: string;

  @Field(() => String, { nullable: true, description: `At most ${APPROVAL_LIMITS.comment} characters` })
  @IsOptional()
  @IsString()
  @MaxLength(APPROVAL_LIMITS.comment)
  @MultilineText()
  comment?: string | null;
}
