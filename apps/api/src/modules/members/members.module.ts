import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { InvitationsResolver } from './graphql/invitations.resolver.js';
import { MembersResolver } from './graphql/members.resolver.js';
import { InvitationsService } from './invitations.service.js';
import { InviteeService } from './invitee.service.js';
import { MembersService } from './members.service.js';
import { InvitationsController } from './rest/invitations.controller.js';
import { MembersController } from './rest/members.controller.js';

/** Members, roles, ownership and invitations of a tenant. */
@Module({
  imports: [AuthModule],
  controllers: [MembersController, InvitationsController],
  providers: [MembersService, InvitationsService, InviteeService, MembersResolver, InvitationsResolver],
})
export class MembersModule {}
