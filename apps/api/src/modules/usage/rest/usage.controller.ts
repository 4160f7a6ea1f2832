import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@stepline/domain';
import { Can } from '../../../common/auth/can.decorator.js';
import { CurrentPrincipal } from '../../../common/auth/principal.decorator.js';
import { UsageService } from '../usage.service.js';
import { UsageDto, UsageQueryDto } from './usage.dto.js';

@ApiTags('usage')
@Controller('v1/usage')
export class UsageController {
  constructor(private readonly usage: UsageService) {}

  @Can('read', 'Usage')
  @Get()
  @ApiOkResponse({ type: UsageDto, description: 'Usage per UTC day with the quotas in force (admins)' })
  get(@CurrentPrincipal() p: Principal, @Query() q: UsageQueryDto): Promise<UsageDto> {
    return this.usage.get(p, q.from, q.to);
  }
}
