import type { NextFunction, Request, Response } from 'express';

/**
 * The editor's Content-Security-Policy. Scripts only from our origin; 'unsafe-eval' because Ajv
 * (the shared definition validator) compiles JSON Schemas with `new Function`; inline styles
 * because Angular injects component styles. Critical-CSS inlining is off in the editor build, so
 * no inline event handler is needed. Framing is refused everywhere. Workers from our own scripts'
 * blob URLs: the canvas (@foblex/flow) draws large flows' connections in one.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Baseline security headers on every response (API answers and the editor alike). */
export function securityHeaders() {
  return (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    next();
  };
}
