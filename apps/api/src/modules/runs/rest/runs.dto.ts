import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import {
  RUN_STATUSES,
  RUN_TRIGGERS,
  STEP_ID_PATTERN,
  STEP_ID_REGEX,
  type RunStatus,
  type RunTrigger,
} from '@stepline/domain';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  Min,
  ValidateBy,
  type ValidationOptions,
} from 'class-validator';
import { PageQueryDto } from '../../../common/http/page-query.dto.js';
import { MAX_WAIT_SECONDS } from '../runs.types.js';

const ISO = { strict: true, strictSeparator: true };
/** Any JSON value (an object, array, string, number or boolean; null where nullable). */
const JSON_VALUE: ApiPropertyOptions = {
  description: 'Any JSON value',
  oneOf: [
    { type: 'object', additionalProperties: true },
    { type: 'array', items: {} },
    { type: 'string' },
    { type: 'number' },
    { type: 'boolean' },
  ],
};

/** A version number (1..999 999 999) or "draft". */
const IsRunVersion = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isRunVersion',
      validator: {
        validate: (v: unknown) =>
          v === 'draft' || (Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 999_999_999),
        defaultMessage: () => 'version must be a version number or "draft"',
      },
    },
    options,
  );

/** `?status=a&status=b` and `?status=a,b` alike. */
const toList = ({ value }: { value: unknown }) =>
  (Array.isArray(value) ? value : [value]).flatMap((v) => (typeof v === 'string' ? v.split(',') : [v]));

export class StartRunDto {
  @ApiPropertyOptional({
    ...JSON_VALUE,
    description: 'The run input, validated against the flow’s inputSchema',
  })
  @IsOptional()
  input?: unknown;

  @ApiPropertyOptional({
    oneOf: [
      { type: 'integer', minimum: 1 },
      { type: 'string', enum: ['draft'] },
    ],
    description: 'A version number, or "draft" for a test run of the draft. Default: the published version.',
  })
  @IsOptional()
  @IsRunVersion()
  version?: number | 'draft';

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: MAX_WAIT_SECONDS,
    description: 'Seconds to wait for the run to finish (default 0): 200 with the run if it does, else 202',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_WAIT_SECONDS)
  wait?: number;
}

export class ResumeRunDto {
  @ApiPropertyOptional({
    type: String,
    pattern: STEP_ID_PATTERN,
    description:
      'Re-run from this step of any finished run (upstream outputs reused). Default: the failed step of a failed run.',
  })
  @IsOptional()
  @IsString()
  @Matches(STEP_ID_REGEX)
  fromStep?: string;
}

const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

/** Filters of a flow's runs (`/v1/flows/{id}/runs`); `/v1/runs` adds `flowId`. */
export class FlowRunsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', enum: [...RUN_STATUSES] },
    description: 'Repeat the parameter or separate values with commas',
  })
  @IsOptional()
  @Transform(toList)
  @IsIn(RUN_STATUSES, { each: true })
  status?: RunStatus[];

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', enum: [...RUN_TRIGGERS] },
    description: 'Repeat the parameter or separate values with commas',
  })
  @IsOptional()
  @Transform(toList)
  @IsIn(RUN_TRIGGERS, { each: true })
  trigger?: RunTrigger[];

  @ApiPropertyOptional({ format: 'date-time', description: 'Created at or after (inclusive)' })
  @IsOptional()
  @IsISO8601(ISO)
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Created before (exclusive)' })
  @IsOptional()
  @IsISO8601(ISO)
  to?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'true: only test runs of drafts; false: no test runs' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  isTest?: boolean;
}

export class RunFilterQueryDto extends FlowRunsQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  flowId?: string;
}

export class RunErrorDto {
  @ApiProperty({ example: 'http.status' }) code!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional() stepId?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) detail?: Record<string, unknown>;
}

/** A run as lists show it: without input and output. */
export class RunSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) flowId!: string;
  @ApiProperty({ description: 'The version it runs' }) version!: number;
  @ApiProperty({ enum: RUN_STATUSES }) status!: RunStatus;
  @ApiProperty({ enum: RUN_TRIGGERS }) trigger!: RunTrigger;
  @ApiProperty({ description: 'A test run of the draft' }) isTest!: boolean;
  @ApiProperty({ type: RunErrorDto, nullable: true }) error!: RunErrorDto | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) retryOfRunId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) resumedFromRunId!: string | null;
  @ApiProperty({ type: String, nullable: true }) resumeFromStep!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) parentRunId!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) cancelRequestedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
  @ApiProperty({ type: Number, nullable: true }) durationMs!: number | null;
}

export class RunDto extends RunSummaryDto {
  @ApiProperty({ ...JSON_VALUE, nullable: true }) input!: unknown;
  @ApiProperty({ ...JSON_VALUE, nullable: true }) output!: unknown;
}

export class StepLogDto {
  @ApiProperty({ example: 'info' }) level!: string;
  @ApiProperty() message!: string;
  @ApiProperty({ format: 'date-time' }) time!: string;
}

export class StepRunDto {
  @ApiProperty({ description: 'Order of settlement; the SSE event id' }) seq!: number;
  @ApiProperty() stepId!: string;
  @ApiProperty({ description: 'Iteration path inside loops ("" at the top level)' }) path!: string;
  @ApiProperty() attempt!: number;
  @ApiProperty({ enum: ['running', 'succeeded', 'failed', 'skipped', 'cancelled', 'waiting'] })
  status!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The output port taken' }) port!: string | null;
  @ApiProperty({ ...JSON_VALUE, nullable: true }) input!: unknown;
  @ApiProperty({ ...JSON_VALUE, nullable: true }) output!: unknown;
  @ApiProperty({ description: 'The output was cut to the size cap' }) outputTruncated!: boolean;
  @ApiProperty({ type: RunErrorDto, nullable: true }) error!: RunErrorDto | null;
  @ApiProperty({ type: [StepLogDto] }) logs!: StepLogDto[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
  @ApiProperty({ type: Number, nullable: true }) durationMs!: number | null;
}

export class WaitingForDto {
  @ApiProperty({ format: 'uuid', description: 'The waitpoint (for an approval, its approval id)' })
  id!: string;
  @ApiProperty({ enum: ['delay', 'event', 'approval', 'subflow'] }) kind!: string;
  @ApiProperty() stepId!: string;
  @ApiProperty({ description: 'Iteration path inside loops ("" at the top level)' }) path!: string;
  @ApiProperty({ type: String, nullable: true, description: 'kind event: the event name' })
  eventName!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'kind event: the key it must carry (null: any)' })
  correlationKey!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'kind approval: what to decide' })
  approvalId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'kind subflow: the child run' })
  childRunId!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the delay ends or the wait times out',
  })
  until!: string | null;
  @ApiProperty({ format: 'date-time' }) since!: string;
}

export class RunDetailDto extends RunDto {
  @ApiProperty({ type: [StepRunDto], description: 'In the order they settled' }) steps!: StepRunDto[];
  @ApiProperty({ type: [WaitingForDto], description: 'What a waiting run waits for (empty otherwise)' })
  waitingFor!: WaitingForDto[];
}

export class RunAcceptedDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: RUN_STATUSES }) status!: RunStatus;
  @ApiProperty({ example: '/v1/runs/7d0c…', description: 'Where to read the run' }) url!: string;
}

export class RunPageDto {
  @ApiProperty({ type: [RunSummaryDto] }) data!: RunSummaryDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class RunEventDto {
  @ApiProperty({ enum: ['run.status', 'step.started', 'step.settled'] }) type!: string;
  @ApiProperty({ format: 'uuid' }) runId!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiPropertyOptional({ description: 'run.status: the run status; step.settled: the step run status' })
  status?: string;
  @ApiPropertyOptional({ description: 'step.settled: the SSE event id' }) seq?: number;
  @ApiPropertyOptional() stepId?: string;
  @ApiPropertyOptional() path?: string;
  @ApiPropertyOptional() attempt?: number;
  @ApiPropertyOptional({ type: String, nullable: true }) port?: string | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) durationMs?: number | null;
  @ApiPropertyOptional({ type: RunErrorDto, nullable: true }) error?: RunErrorDto | null;
}
