import { Module } from '@nestjs/common';
import { SecretsProvider } from './secrets.provider.js';

/** Decrypted tenant secrets for runs; import it where the runner needs them. */
@Module({ providers: [SecretsProvider], exports: [SecretsProvider] })
export class SecretsModule {}
