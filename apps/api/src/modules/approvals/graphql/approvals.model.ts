import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { ApprovalStatus, ApproverRole } from '@stepline/domain';

@ObjectType('ApprovalDecider')
export class ApprovalDeciderModel {
  @Field(() => String, { description: 'user, api_key or system' }) type!: 'user' | 'api_key' | 'system';
  @Field(() => String, { nullable: true, description: 'User or API key id; null for the system' })
  id!: string | null;
  @Field({ description: 'Email, key name, or "timeout"' }) label!: string;
}

/** A human decision a run waits for (or waited for). */
@ObjectType('Approval')
export class ApprovalModel {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'pending, decided, timed_out or cancelled' }) status!: ApprovalStatus;
  @Field(() => ID) runId!: string;
  @Field(() => ID) flowId!: string;
  @Field() flowName!: string;
  @Field(() => Int, { nullable: true, description: 'null for a test run of the draft' })
  flowVersion!: number | null;
  @Field() stepId!: string;
  @Field(() => String, { nullable: true }) stepName!: string | null;
  @Field() title!: string;
  @Field(() => String, { nullable: true }) message!: string | null;
  @Field(() => [String], { description: 'The decisions offered (the step’s ports)' }) options!: string[];
  @Field(() => String, { description: 'The lowest role that may decide' }) approverRole!: ApproverRole;
  @Field(() => [String], { description: 'User ids and emails that may decide; empty: anyone with the role' })
  assignees!: string[];
  @Field() requestedAt!: string;
  @Field(() => String, { nullable: true }) expiresAt!: string | null;
  @Field(() => String, { nullable: true, description: 'Decided at expiry; null: the timeout port' })
  defaultOutcome!: string | null;
  @Field(() => String, { nullable: true }) decision!: string | null;
  @Field(() => String, { nullable: true }) comment!: string | null;
  @Field(() => ApprovalDeciderModel, { nullable: true }) decidedBy!: ApprovalDeciderModel | null;
  @Field(() => String, { nullable: true }) decidedAt!: string | null;
  @Field({ description: 'Whether the caller may decide it now' }) canDecide!: boolean;
}

@ObjectType('ApprovalPage')
export class ApprovalPageModel {
  @Field(() => [ApprovalModel]) data!: ApprovalModel[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
}
