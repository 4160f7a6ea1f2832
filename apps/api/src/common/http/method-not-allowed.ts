import type { Request } from 'express';

interface RouteLayer {
  matchers?: Array<(path: string) => unknown>;
  route?: { methods: Record<string, boolean> };
}

/**
 * The methods some route answers at `req.path`, read from Express's own route table and its own
 * path matchers (pure functions), so it can never disagree with routing. Only consulted when no
 * route matched, to tell "no such path" (404) from "not with this method" (405 + Allow).
 */
export function allowedMethods(req: Request): string[] {
  const stack = (req.app as unknown as { router?: { stack?: RouteLayer[] } }).router?.stack ?? [];
  const methods = new Set<string>();
  for (const layer of stack) {
    if (!layer.route || !layer.matchers?.some((match) => match(req.path))) continue;
    for (const [method, enabled] of Object.entries(layer.route.methods)) {
      if (enabled && method !== '_all') methods.add(method.toUpperCase());
    }
  }
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}
