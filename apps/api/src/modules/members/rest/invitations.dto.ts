import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role } from '@stepline/domain';
import { IsEmail, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';

export class CreateInvitationDto {
  @ApiProperty({ example: 'ada@example.com' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;
}

export class AcceptInvitationDto {
  @ApiProperty({ description: 'The token answered when the invitation was created' })
  @IsString()
  @Length(16, 200)
  token!: string;

  @ApiPropertyOptional({ description: 'Required when no account exists for the invited email' })
  @IsOptional()
  @IsString()
  @Length(1, 120)
  name?: string;

  @ApiProperty({
    minLength: 10,
    maxLength: 200,
    description: 'The new password, or that of the existing account',
  })
  @IsString()
  @Length(10, 200)
  password!: string;
}

export class InvitationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ format: 'uuid', description: 'The inviting user or API key' }) invitedBy!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class CreatedInvitationDto extends InvitationDto {
  @ApiProperty({ description: 'One-time token for the invitee; shown only in this answer' }) token!: string;
}

export class InvitationPageDto {
  @ApiProperty({ type: [InvitationDto] }) data!: InvitationDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
