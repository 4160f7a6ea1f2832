import { Module } from '@nestjs/common';
import { APP_CONFIG, SecretsCipher, type AppConfig } from '@stepline/server';
import { WebhookEndpointsResolver } from './graphql/webhook-endpoints.resolver.js';
import { WebhookDeliveriesController } from './rest/webhook-deliveries.controller.js';
import { WebhookEndpointsController } from './rest/webhook-endpoints.controller.js';
import { WebhookDeliveriesService } from './webhook-deliveries.service.js';
import { WebhookEndpointsService } from './webhook-endpoints.service.js';

/** Outgoing webhook endpoints and their delivery log (sending is the worker's). */
@Module({
  controllers: [WebhookEndpointsController, WebhookDeliveriesController],
  providers: [
    WebhookEndpointsService,
    WebhookDeliveriesService,
    WebhookEndpointsResolver,
    {
      provide: SecretsCipher,
      useFactory: (config: AppConfig) => new SecretsCipher(config.secrets),
      inject: [APP_CONFIG],
    },
  ],
})
export class WebhookEndpointsModule {}
