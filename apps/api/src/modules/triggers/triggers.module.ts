import { Module } from '@nestjs/common';
import { APP_CONFIG, SecretsCipher, type AppConfig } from '@stepline/server';
import { RunsModule } from '../runs/runs.module.js';
import { TriggersResolver } from './graphql/triggers.resolver.js';
import { HooksController } from './rest/hooks.controller.js';
import { TriggersController } from './rest/triggers.controller.js';
import { TriggersService } from './triggers.service.js';
import { WebhookAcceptBatcher } from './webhook-accept-batcher.js';
import { WebhookReceiverService } from './webhook-receiver.service.js';

/** Flow triggers (webhooks so far): management for editors, and the public `/hooks/{token}`. */
@Module({
  imports: [RunsModule],
  controllers: [TriggersController, HooksController],
  providers: [
    TriggersService,
    WebhookReceiverService,
    WebhookAcceptBatcher,
    TriggersResolver,
    {
      provide: SecretsCipher,
      useFactory: (config: AppConfig) => new SecretsCipher(config.secrets),
      inject: [APP_CONFIG],
    },
  ],
})
export class TriggersModule {}
