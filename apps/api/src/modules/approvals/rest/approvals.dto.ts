import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { APPROVAL_LIMITS, APPROVAL_STATUSES, type ApprovalStatus, type ApproverRole } from '@stepline/domain';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../common/http/page-query.dto.js';
import { MultilineText } from '../../../common/http/text-input.js';

const APPROVER_ROLES = ['owner', 'admin', 'editor', 'operator'] as const;

/** `?status=a&status=b` and `?status=a,b` alike. */
const toList = ({ value }: { value: unknown }) =>
  (Array.isArray(value) ? value : [value]).flatMap((v) => (typeof v === 'string' ? v.split(',') : [v]));
const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class ApprovalsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', enum: [...APPROVAL_STATUSES] },
    description: 'Repeat the parameter or separate values with commas; default: every status',
  })
  @IsOptional()
  @Transform(toList)
  @IsIn(APPROVAL_STATUSES, { each: true })
  status?: ApprovalStatus[];

  @ApiPropertyOptional({
    type: Boolean,
    description:
      'true: only approvals that name the caller, or name no one and the caller’s role may decide (members only)',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  assignedToMe?: boolean;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  flowId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  runId?: string;
}

export class DecideApprovalDto {
  @ApiProperty({
    example: 'approved',
    description: 'One of the approval’s options',
    pattern: '^[A-Za-z0-9_-]{1,64}$',
  })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'decision must be one of the approval’s options' })
  decision!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: APPROVAL_LIMITS.comment })
  @IsOptional()
  @IsString()
  @MaxLength(APPROVAL_LIMITS.comment)
  @MultilineText()
  comment?: string | null;
}

export class ApprovalDeciderDto {
  @ApiProperty({ enum: ['user', 'api_key', 'system'] }) type!: 'user' | 'api_key' | 'system';
  @ApiProperty({ type: String, nullable: true, description: 'User or API key id; null for the system' })
  id!: string | null;
  @ApiProperty({ description: 'Email, key name, or "timeout"' }) label!: string;
}

export class ApprovalDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: APPROVAL_STATUSES }) status!: ApprovalStatus;
  @ApiProperty({ format: 'uuid' }) runId!: string;
  @ApiProperty({ format: 'uuid' }) flowId!: string;
  @ApiProperty() flowName!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'null for a test run of the draft' })
  flowVersion!: number | null;
  @ApiProperty() stepId!: string;
  @ApiProperty({ type: String, nullable: true }) stepName!: string | null;
  @ApiProperty() title!: string;
  @ApiProperty({ type: String, nullable: true }) message!: string | null;
  @ApiProperty({ type: [String], description: 'The decisions offered (the step’s ports)' })
  options!: string[];
  @ApiProperty({ enum: APPROVER_ROLES, description: 'The lowest role that may decide' })
  approverRole!: ApproverRole;
  @ApiProperty({
    type: [String],
    description:
      'User ids and emails that may decide (besides admins and owners); empty: anyone with the role',
  })
  assignees!: string[];
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Decided at expiry; null: the timeout port' })
  defaultOutcome!: string | null;
  @ApiProperty({ type: String, nullable: true }) decision!: string | null;
  @ApiProperty({ type: String, nullable: true }) comment!: string | null;
  @ApiProperty({ type: ApprovalDeciderDto, nullable: true }) decidedBy!: ApprovalDeciderDto | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) decidedAt!: string | null;
  @ApiProperty({ description: 'Whether the caller may decide it now' }) canDecide!: boolean;
}

export class ApprovalPageDto {
  @ApiProperty({ type: [ApprovalDto] }) data!: ApprovalDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
