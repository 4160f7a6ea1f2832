import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'stepline:public';

/** Marks a controller or handler as reachable without a credential (health, auth, webhooks). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
