import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AccessTokenService } from './access-token.service.js';
import { AuthGuard } from './auth.guard.js';
import { PrincipalResolver } from './principal.resolver.js';
import { RateLimiter } from '../http/rate-limiter.service.js';

/** Credentials → principal, and the global guard that enforces abilities on every handler. */
@Global()
@Module({
  imports: [JwtModule.register({})],
  providers: [
    AccessTokenService,
    PrincipalResolver,
    RateLimiter,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AccessTokenService, PrincipalResolver, RateLimiter],
})
export class AuthCoreModule {}
