import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { RunStatus, RunTrigger } from '@stepline/domain';
import { JsonScalar } from '../../audit/graphql/json.scalar.js';

@ObjectType('StepLog')
export class StepLogModel {
  @Field() level!: string;
  @Field() message!: string;
  @Field() time!: string;
}

@ObjectType('StepRun')
export class StepRunModel {
  @Field(() => Int, { description: 'Order of settlement' }) seq!: number;
  @Field() stepId!: string;
  @Field({ description: 'Iteration path inside loops ("" at the top level)' }) path!: string;
  @Field(() => Int) attempt!: number;
  @Field({ description: 'running | succeeded | failed | skipped | cancelled | waiting' }) status!: string;
  @Field(() => String, { nullable: true }) port!: string | null;
  @Field(() => JsonScalar, { nullable: true }) input!: unknown;
  @Field(() => JsonScalar, { nullable: true }) output!: unknown;
  @Field() outputTruncated!: boolean;
  @Field(() => JsonScalar, { nullable: true, description: '{ code, message, stepId?, detail? }' })
  error!: unknown;
  @Field(() => [StepLogModel]) logs!: StepLogModel[];
  @Field(() => String, { nullable: true }) startedAt!: string | null;
  @Field(() => String, { nullable: true }) finishedAt!: string | null;
  @Field(() => Int, { nullable: true }) durationMs!: number | null;
}

@ObjectType('RunSummary', { description: 'A run as lists show it: without input and output' })
export class RunSummaryModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) flowId!: string;
  @Field(() => Int) version!: number;
  @Field(() => String, {
    description: 'queued | running | waiting | succeeded | failed | cancelled | timed_out',
  })
  status!: RunStatus;
  @Field(() => String, { description: 'manual | api | webhook | schedule | event | subflow | retry' })
  trigger!: RunTrigger;
  @Field({ description: 'A test run of the draft' }) isTest!: boolean;
  @Field(() => JsonScalar, { nullable: true, description: '{ code, message, stepId?, detail? }' })
  error!: unknown;
  @Field(() => ID, { nullable: true }) retryOfRunId!: string | null;
  @Field(() => ID, { nullable: true }) resumedFromRunId!: string | null;
  @Field(() => String, { nullable: true }) resumeFromStep!: string | null;
  @Field(() => ID, { nullable: true }) parentRunId!: string | null;
  @Field(() => String, { nullable: true }) cancelRequestedAt!: string | null;
  @Field() createdAt!: string;
  @Field(() => String, { nullable: true }) startedAt!: string | null;
  @Field(() => String, { nullable: true }) finishedAt!: string | null;
  @Field(() => Int, { nullable: true }) durationMs!: number | null;
}

@ObjectType('Run')
export class RunModel extends RunSummaryModel {
  @Field(() => JsonScalar, { nullable: true }) input!: unknown;
  @Field(() => JsonScalar, { nullable: true }) output!: unknown;
}

@ObjectType('WaitingFor', { description: 'One open wait of a waiting run' })
export class WaitingForModel {
  @Field(() => ID, { description: 'The waitpoint (for an approval, its approval id)' }) id!: string;
  @Field({ description: 'delay | event | approval | subflow' }) kind!: string;
  @Field() stepId!: string;
  @Field() path!: string;
  @Field(() => String, { nullable: true, description: 'kind event: the event name' }) eventName!:
    string | null;
  @Field(() => String, { nullable: true, description: 'kind event: the key it must carry (null: any)' })
  correlationKey!: string | null;
  @Field(() => ID, { nullable: true, description: 'kind approval: what to decide' }) approvalId!:
    string | null;
  @Field(() => ID, { nullable: true, description: 'kind subflow: the child run' }) childRunId!: string | null;
  @Field(() => String, { nullable: true, description: 'When the delay ends or the wait times out' })
  until!: string | null;
  @Field() since!: string;
}

@ObjectType('RunDetail')
export class RunDetailModel extends RunModel {
  @Field(() => [StepRunModel], { description: 'In the order they settled' }) steps!: StepRunModel[];
  @Field(() => [WaitingForModel], { description: 'What a waiting run waits for (empty otherwise)' })
  waitingFor!: WaitingForModel[];
}

@ObjectType('RunPage')
export class RunPageModel {
  @Field(() => [RunSummaryModel]) data!: RunSummaryModel[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
}

@ObjectType('RunEvent', { description: 'A live event of a run: run.status, step.started or step.settled' })
export class RunEventModel {
  @Field() type!: string;
  @Field(() => ID) runId!: string;
  @Field() at!: string;
  @Field(() => String, { nullable: true, description: 'The run status, or the settled step run status' })
  status?: string;
  @Field(() => Int, { nullable: true, description: 'step.settled: the step run sequence number' })
  seq?: number;
  @Field(() => String, { nullable: true }) stepId?: string;
  @Field(() => String, { nullable: true }) path?: string;
  @Field(() => Int, { nullable: true }) attempt?: number;
  @Field(() => String, { nullable: true }) port?: string | null;
  @Field(() => Int, { nullable: true }) durationMs?: number | null;
  @Field(() => JsonScalar, { nullable: true }) error?: unknown;
}
