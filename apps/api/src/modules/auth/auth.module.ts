import { Module } from '@nestjs/common';
import { AuthService } from './auth.service.js';
import { AuthResolver } from './graphql/auth.resolver.js';
import { AuthController } from './rest/auth.controller.js';
import { SessionService } from './session.service.js';

@Module({
  controllers: [AuthController],
  providers: [AuthService, SessionService, AuthResolver],
  exports: [AuthService, SessionService],
})
export class AuthModule {}
