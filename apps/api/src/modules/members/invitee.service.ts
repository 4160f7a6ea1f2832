import { Injectable } from '@nestjs/common';
import { AppError } from '@stepline/domain';
import { hashPassword, verifyPassword } from '@stepline/server';
import type { EntityManager } from 'typeorm';
import type { RequestMeta } from '../../common/auth/request-meta.js';
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
  constructor(private readonly auth: AuthService) {}

  async resolve(
    m: EntityManager,
    email: string,
    input: AcceptInvitationInput,
    meta: RequestMeta,
  ): Promise<SessionUser> {
    const existing = await this.auth.findUserByEmail(m, email);
    if (existing) {
      await this.auth.throttlePasswordCheck(existing.email, meta);
      if (!(await verifyPassword(existing.passwordHash, input.password))) {
        throw new AppError(
          'auth.invalid_credentials',
          'The password does not match the account of this email',
        );
      }
      await this.auth.passwordCheckSucceeded(existing.email);
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
