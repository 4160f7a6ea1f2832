import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import { metricsRoute } from './request-context.middleware.js';

/** Paths the API owns; everything else that asks for HTML is the editor's client-side route. */
const API_PREFIXES = ['/v1', '/graphql', '/hooks', '/health', '/ready', '/metrics'];
const ownedByApi = (path: string) => API_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`));

/** Serves the built editor at `/` with an SPA fallback to index.html for its client-side routes. */
export function webAppMiddlewares(distDir: string | null) {
  if (!distDir || !existsSync(join(distDir, 'index.html'))) return [];
  const indexFile = join(distDir, 'index.html');
  const assets = express.static(distDir, { index: false, maxAge: '1h' });
  const fallback = (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || ownedByApi(req.path) || !req.accepts('html')) {
      return next();
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(indexFile);
  };
  const label = metricsRoute('web');
  return [
    (req: Request, res: Response, next: NextFunction) => {
      if (ownedByApi(req.path)) return next();
      // Editor files and client-side routes: one metrics label, whatever the path.
      label(req, res, () => assets(req, res, next));
    },
    fallback,
  ];
}
