import { Module } from '@nestjs/common';
import { APP_CONFIG, SecretsCipher, type AppConfig } from '@stepline/server';
import { OutboundHttpClient, outboundPolicyFromConfig } from '../net/index.js';
import { DELIVERY_HTTP, DeliveryPoller } from './delivery-poller.js';

/** Outgoing webhook deliveries: polls, signs, sends, records (see README.md). */
@Module({
  providers: [
    DeliveryPoller,
    {
      provide: DELIVERY_HTTP,
      useFactory: (config: AppConfig) =>
        new OutboundHttpClient(outboundPolicyFromConfig(config.outbound, 'Stepline-Webhooks/1.0')),
      inject: [APP_CONFIG],
    },
    {
      provide: SecretsCipher,
      useFactory: (config: AppConfig) => new SecretsCipher(config.secrets),
      inject: [APP_CONFIG],
    },
  ],
  exports: [DeliveryPoller],
})
export class DeliveriesModule {}
