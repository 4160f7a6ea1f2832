import { Module } from '@nestjs/common';
import { APP_CONFIG, SecretsCipher, type AppConfig } from '@stepline/server';
import { SecretsResolver } from './graphql/secrets.resolver.js';
import { SecretsController } from './rest/secrets.controller.js';
import { SecretsService } from './secrets.service.js';

/** Tenant secrets: write-only values, encrypted with the configured keys. */
@Module({
  controllers: [SecretsController],
  providers: [
    SecretsService,
    SecretsResolver,
    {
      provide: SecretsCipher,
      useFactory: (config: AppConfig) => new SecretsCipher(config.secrets),
      inject: [APP_CONFIG],
    },
  ],
})
export class SecretsModule {}
