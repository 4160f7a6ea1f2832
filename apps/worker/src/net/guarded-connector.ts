import { StepFailure } from '@stepline/domain';
import { classifyUrlHost, LOOPBACK_NAME_ADDRESSES, type AddressPolicy } from '@stepline/server';
import { lookup as dnsLookup } from 'node:dns/promises';
import type { Socket } from 'node:net';
import { buildConnector } from 'undici';

export interface LookupAddress {
  address: string;
  family: number;
}
/** Every address a name resolves to. Injectable so tests can make a name resolve anywhere. */
export type LookupFn = (hostname: string) => Promise<readonly LookupAddress[]>;

export const systemLookup: LookupFn = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

const DNS_NOT_FOUND = new Set(['ENOTFOUND', 'ENODATA', 'EAI_NONAME', 'EAI_NODATA']);

/**
 * Resolves a host to the addresses the client may connect to, or throws. Every answer is checked and
 * one blocked answer refuses the whole name: a resolver that mixes public and private answers is
 * treated as hostile rather than filtered.
 */
export async function resolveAllowedAddresses(
  hostname: string,
  policy: AddressPolicy,
  lookup: LookupFn,
  timeoutMs: number,
): Promise<string[]> {
  const host = classifyUrlHost(hostname);
  let answers: readonly string[];
  if (host.kind === 'ip') answers = [host.address];
  else if (host.kind === 'loopback-name') answers = LOOPBACK_NAME_ADDRESSES;
  else answers = (await lookupWithin(host.name, lookup, timeoutMs)).map((a) => a.address);
  if (answers.length === 0) {
    throw new StepFailure('net.dns_failed', `The host ${hostname} has no address.`, {
      detail: { host: hostname },
    });
  }
  const allowed: string[] = [];
  for (const answer of answers) {
    const verdict = policy.check(answer);
    if (!verdict.allowed) {
      // The address itself is left out when it came from DNS: tenants need not learn internal names' answers.
      throw new StepFailure(
        'net.blocked_address',
        `Requests to ${describeCategory(verdict.category)} are not allowed.`,
        {
          detail: {
            host: hostname,
            category: verdict.category,
            ...(host.kind === 'ip' ? { address: verdict.address } : {}),
          },
        },
      );
    }
    allowed.push(verdict.address);
  }
  return allowed;
}

async function lookupWithin(
  name: string,
  lookup: LookupFn,
  timeoutMs: number,
): Promise<readonly LookupAddress[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new StepFailure('net.timeout', `Resolving ${name} took longer than ${timeoutMs} ms.`, {
            detail: { host: name, phase: 'dns', timeoutMs },
          }),
        ),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([lookup(name), timeout]);
  } catch (error) {
    if (error instanceof StepFailure) throw error;
    const code = (error as { code?: string }).code;
    throw new StepFailure('net.dns_failed', `The host ${name} could not be resolved.`, {
      cause: error,
      // A name that does not exist will not start existing on a retry a second later.
      retryable: code === undefined || !DNS_NOT_FOUND.has(code),
      detail: { host: name, ...(code ? { code } : {}) },
    });
  } finally {
    clearTimeout(timer);
  }
}

const describeCategory = (category: string) =>
  category === 'metadata' ? 'cloud metadata addresses' : `${category.replace(/_/g, '-')} addresses`;

export interface GuardedConnectorOptions {
  policy: AddressPolicy;
  lookup: LookupFn;
  connectTimeoutMs: number;
}

/**
 * undici's connector, wrapped so that a socket only ever opens to an address this process resolved
 * and checked a moment before: the connector is handed the checked IP (the Host header and TLS
 * name stay the URL's), so there is no second resolution between check and connect. The peer address
 * of the open socket is checked once more, in case anything below us resolved differently.
 */
export function createGuardedConnector(options: GuardedConnectorOptions): buildConnector.connector {
  const { policy, lookup, connectTimeoutMs } = options;
  const connectTo = buildConnector({ timeout: connectTimeoutMs });

  const attempt = (target: buildConnector.Options, address: string) =>
    new Promise<Socket>((resolve, reject) => {
      connectTo({ ...target, hostname: address }, (error, socket) =>
        error ? reject(error) : resolve(socket),
      );
    });

  return (target, callback) => {
    const host = classifyUrlHost(target.hostname);
    // SNI and certificate checks use the URL's name, never the address connected to.
    const servername = target.servername || (host.kind === 'ip' ? undefined : host.name);
    void (async () => {
      const addresses = await resolveAllowedAddresses(target.hostname, policy, lookup, connectTimeoutMs);
      let lastError: unknown;
      // Several answers: try them in order, like a browser without Happy Eyeballs.
      for (const address of addresses) {
        try {
          const socket = await attempt({ ...target, servername }, address);
          const peer = socket.remoteAddress;
          if (!peer || !policy.check(peer).allowed) {
            socket.destroy();
            throw new StepFailure(
              'net.blocked_address',
              'The connection reached an address that is not allowed.',
              {
                detail: { host: target.hostname },
              },
            );
          }
          return socket;
        } catch (error) {
          if (error instanceof StepFailure) throw error;
          lastError = error;
        }
      }
      throw lastError;
    })().then(
      (socket) => callback(null, socket),
      (error: Error) => callback(error, null),
    );
  };
}
