import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role } from '@stepline/domain';
import { IsEmail, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';

export class SignupDto {
  @ApiProperty({ example: 'ada@example.com' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ minLength: 10, maxLength: 200 })
  @IsString()
  @Length(10, 200)
  password!: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  @IsString()
  @Length(1, 120)
  name!: string;

  @ApiProperty({ example: 'Analytical Engines Ltd' })
  @IsString()
  @Length(1, 120)
  tenantName!: string;
}

export class LoginDto {
  @ApiProperty()
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty()
  @IsString()
  @MaxLength(200)
  password!: string;

  @ApiPropertyOptional({ description: 'Tenant to sign in to; defaults to the first membership' })
  @IsOptional()
  @IsUUID()
  tenantId?: string;
}

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @Length(16, 200)
  refreshToken!: string;
}

export class SwitchTenantDto {
  @ApiProperty()
  @IsUUID()
  tenantId!: string;
}

export class UserDto {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
}

export class TenantRefDto {
  @ApiProperty() id!: string;
  @ApiProperty() slug!: string;
  @ApiProperty() name!: string;
}

export class MembershipSummaryDto {
  @ApiProperty() tenantId!: string;
  @ApiProperty() slug!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
}

export class SessionInfoDto {
  @ApiProperty({ type: UserDto }) user!: UserDto;
  @ApiProperty({ type: TenantRefDto }) tenant!: TenantRefDto;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ type: [MembershipSummaryDto] }) memberships!: MembershipSummaryDto[];
}

export class AuthSessionDto extends SessionInfoDto {
  @ApiProperty({ enum: ['Bearer'] }) tokenType!: 'Bearer';
  @ApiProperty() accessToken!: string;
  @ApiProperty({ description: 'Seconds until the access token expires' }) expiresIn!: number;
  @ApiProperty() refreshToken!: string;
  @ApiProperty({ format: 'date-time' }) refreshExpiresAt!: string;
}
