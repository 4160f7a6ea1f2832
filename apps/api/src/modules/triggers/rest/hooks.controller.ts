import { All, Controller, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppError } from '@stepline/domain';
import { Public } from '../../../common/auth/public.decorator.js';
import { WebhookReceiverService } from '../webhook-receiver.service.js';

/**
 * `ANY /hooks/{token}`: public (the token is the credential, optionally with a signature). The body
 * arrives as raw bytes (the `/hooks` raw parser in app.factory.ts), which HMAC needs. Left out of
 * the OpenAPI document: its body is whatever the sending service sends.
 */
@ApiExcludeController()
@Public()
@Controller('hooks')
export class HooksController {
  constructor(private readonly receiver: WebhookReceiverService) {}

  @All(':token')
  async receive(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      const answer = await this.receiver.receive({
        token,
        method: req.method,
        headers: req.headers,
        query: req.query as Record<string, unknown>,
        body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
      });
      res.status(answer.status);
      for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value);
      if (answer.replayed) res.setHeader('Webhook-Replayed', 'true');
      const body = answer.body as { url?: unknown } | null;
      if (answer.status === 202 && typeof body?.url === 'string') res.setHeader('Location', body.url);
      if (typeof answer.body === 'string') {
        if (!res.getHeader('content-type')) res.type('text/plain');
        res.send(answer.body);
      } else res.json(answer.body ?? null);
    } catch (err) {
      if (err instanceof AppError && err.code === 'method.not_allowed') {
        const allow = err.detail['allow'];
        if (Array.isArray(allow)) res.setHeader('Allow', allow.join(', '));
      }
      throw err;
    }
  }
}
