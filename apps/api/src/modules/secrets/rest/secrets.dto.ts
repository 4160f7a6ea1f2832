import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SECRET_LIMITS, SECRET_NAME_MESSAGE, SECRET_NAME_PATTERN } from '@stepline/domain';
import { IsOptional, IsString, Length, Matches, MaxLength, ValidateIf } from 'class-validator';
import { MultilineText } from '../../../common/http/text-input.js';

const VALUE_DOC = {
  minLength: 1,
  maxLength: SECRET_LIMITS.valueBytes,
  writeOnly: true,
  description: `Write-only: no answer ever contains it. Any text (line breaks allowed), at most ${SECRET_LIMITS.valueBytes} UTF-8 bytes.`,
} as const;

export class CreateSecretDto {
  @ApiProperty({ example: 'CRM_API_TOKEN', pattern: SECRET_NAME_PATTERN, maxLength: SECRET_LIMITS.name })
  @IsString()
  @Matches(new RegExp(SECRET_NAME_PATTERN), { message: SECRET_NAME_MESSAGE })
  name!: string;

  @ApiProperty(VALUE_DOC)
  @IsString()
  @Length(1, SECRET_LIMITS.valueBytes)
  @MultilineText()
  value!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: SECRET_LIMITS.description })
  @IsOptional()
  @IsString()
  @MaxLength(SECRET_LIMITS.description)
  @MultilineText()
  description?: string | null;
}

export class UpdateSecretDto {
  @ApiPropertyOptional({ ...VALUE_DOC, description: `A new value (rotation). ${VALUE_DOC.description}` })
  // Absent means "keep the value"; null is not a value (IsOptional would let it through).
  @ValidateIf((dto: UpdateSecretDto) => dto.value !== undefined)
  @IsString()
  @Length(1, SECRET_LIMITS.valueBytes)
  @MultilineText()
  value?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: SECRET_LIMITS.description,
    description: 'null clears it',
  })
  @IsOptional()
  @IsString()
  @MaxLength(SECRET_LIMITS.description)
  @MultilineText()
  description?: string | null;
}

export class SecretDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'CRM_API_TOKEN' }) name!: string;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ example: 'k1', description: 'Id of the encryption key the stored value is under' })
  keyId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) createdBy!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When a run last read it' })
  lastUsedAt!: string | null;
}

export class SecretPageDto {
  @ApiProperty({ type: [SecretDto] }) data!: SecretDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
