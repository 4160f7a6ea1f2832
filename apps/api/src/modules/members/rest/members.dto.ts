import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '@stepline/domain';
import { IsIn, IsUUID } from 'class-validator';

export class MemberDto {
  @ApiProperty({ format: 'uuid', description: 'Membership id' }) id!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class MemberPageDto {
  @ApiProperty({ type: [MemberDto] }) data!: MemberDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class ChangeRoleDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;
}

export class TransferOwnershipDto {
  @ApiProperty({ format: 'uuid', description: 'User id of the member who becomes owner' })
  @IsUUID()
  userId!: string;
}
