import { Module } from '@nestjs/common';
import { ApiKeysService } from './api-keys.service.js';
import { ApiKeysResolver } from './graphql/api-keys.resolver.js';
import { ApiKeysController } from './rest/api-keys.controller.js';

/** API keys for machines and the SDK; authenticated by the PrincipalResolver. */
@Module({
  controllers: [ApiKeysController],
  providers: [ApiKeysService, ApiKeysResolver],
})
export class ApiKeysModule {}
