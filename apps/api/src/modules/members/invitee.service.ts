import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@stepline/domain';
import { APP_CONFIG, hashPassword, verifyPassword, type AppConfig } from '@stepline/server';
import type { EntityManager } from 'typeorm';
import type { RequestMeta } from '../../common/auth/request-meta.js';
import { RateLimiter } from '../../common/http/rate-limiter.service.js';
import { AuthService } from '../auth/auth.service.js';
import type { SessionUser } from '../auth/session.service.js';
import type { AcceptInvitationInput } from './members.types.js';

/**
 * Who accepts an invitation. The inviting admin sees the token, so for an email that already has
 * an account the password is the proof of identity — and it is checked under the login rate
 * limits, or an admin could invite anyone's email and guess their password here without bound.
 */
@Injectable()
export class InviteeService {
  constructor(
    private readonly auth: AuthService,
    private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async resolve(
    m: EntityManager,
    email: string,
    input: AcceptInvitationInput,
    meta: RequestMeta,
  ): Promise<SessionUser> {
    const existing = await this.auth.findUserByEmail(m, email);
    if (existing) {
      const limits = this.config.loginLimits;
      const key = existing.email.toLowerCase();
      await this.limiter.hit({
        bucket: 'login:ip',
        key: meta.ip ?? 'unknown',
        max: limits.perIpPerMinute,
        windowSeconds: 60,
      });
      await this.limiter.hit({
        bucket: 'login:email',
        key,
        max: limits.perEmailPer5Minutes,
        windowSeconds: 300,
      });
      if (!(await verifyPassword(existing.passwordHash, input.password))) {
        throw new AppError(
          'auth.invalid_credentials',
          'The password does not match the account of this email',
        );
      }
      await this.limiter.reset('login:email', key);
      return { id: existing.id, email: existing.email, name: existing.name };
    }
    const name = input.name?.trim();
    if (!name) {
      throw AppError.validation([
        { path: '/name', code: 'field.required', message: 'name is required to create an account' },
      ]);
    }
    return this.auth.insertUser(m, email, name, await hashPassword(input.password));
  }
}
