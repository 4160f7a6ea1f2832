import { BlockList, isIP } from 'node:net';

/**
 * Which addresses the outbound HTTP client (apps/worker `net/`) may connect to, and what the API
 * accepts as a plain-http webhook endpoint: one policy for both. Range membership is `node:net`'s
 * `BlockList`; the only parsing done here is expanding an IPv6 address to read the IPv4 address
 * that NAT64 and 6to4 forms embed. Everything fails closed: anything that is not a valid IP is blocked.
 */
export type BlockedCategory =
  | 'invalid'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link_local'
  | 'cgnat'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  | 'documentation'
  | 'benchmarking'
  | 'protocol_assignment'
  | 'unique_local'
  | 'site_local'
  | 'ipv4_compatible'
  | 'ipv4_translated'
  | 'nat64_local'
  | 'teredo'
  | 'discard'
  | 'metadata';

type Range = readonly [network: string, prefix: number, category: BlockedCategory];

// IANA special-purpose registries (RFC 6890 and successors). First match names the category, so the
// narrower range comes first.
const IPV4_RANGES: readonly Range[] = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'cgnat'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link_local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'protocol_assignment'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, 'reserved'], // deprecated 6to4 relay anycast
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['255.255.255.255', 32, 'broadcast'],
  ['240.0.0.0', 4, 'reserved'],
];

const IPV6_RANGES: readonly Range[] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['::', 96, 'ipv4_compatible'], // deprecated (RFC 4291); nothing legitimate lives there
  ['::ffff:0:0:0', 96, 'ipv4_translated'], // SIIT (RFC 2765)
  ['64:ff9b:1::', 48, 'nat64_local'], // local-use NAT64 (RFC 8215): private by definition
  ['100::', 64, 'discard'],
  ['2001::', 32, 'teredo'], // embeds an obfuscated IPv4 address; deprecated
  ['2001:db8::', 32, 'documentation'],
  ['2001::', 23, 'protocol_assignment'], // includes benchmarking 2001:2::/48 and ORCHID
  ['3fff::', 20, 'documentation'],
  ['5f00::', 16, 'reserved'], // SRv6 segment identifiers
  ['fc00::', 7, 'unique_local'],
  ['fe80::', 10, 'link_local'],
  ['fec0::', 10, 'site_local'],
  ['ff00::', 8, 'multicast'],
];

/**
 * Cloud instance-metadata and host-agent endpoints. Most sit in ranges blocked anyway; they are named
 * so that opening a whole range (`169.254.0.0/16`, `100.64.0.0/10` for a Tailscale network) does not
 * open them: only an allow-list entry naming the exact address does.
 */
export const METADATA_ADDRESSES: readonly string[] = [
  '169.254.169.254', // AWS, GCP, Azure, OpenStack, DigitalOcean, Oracle, Hetzner …
  '169.254.169.253', // AWS VPC DNS
  '169.254.169.123', // AWS time sync
  '169.254.170.2', // AWS ECS task metadata / credentials
  '100.100.100.200', // Alibaba Cloud
  '168.63.129.16', // Azure WireServer (a public address)
  'fd00:ec2::254', // AWS IMDS over IPv6
  'fd00:ec2::253', // AWS VPC DNS over IPv6
];

const singleRangeList = ([network, prefix]: Range, family: 'ipv4' | 'ipv6') => {
  const list = new BlockList();
  list.addSubnet(network, prefix, family);
  return list;
};
const IPV4_LISTS = IPV4_RANGES.map((r) => ({ list: singleRangeList(r, 'ipv4'), category: r[2] }));
const IPV6_LISTS = IPV6_RANGES.map((r) => ({ list: singleRangeList(r, 'ipv6'), category: r[2] }));
const METADATA = new Set(METADATA_ADDRESSES.map((a) => normalizeAddress(a)?.address));

export interface NormalizedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * Strips brackets and an IPv6 zone, lower-cases, and turns an IPv4-mapped IPv6 address
 * (`::ffff:127.0.0.1`, `::ffff:7f00:1`) into the IPv4 address it denotes. `null` when not an IP.
 */
export function normalizeAddress(raw: string): NormalizedAddress | null {
  let ip = raw.trim().toLowerCase();
  if (ip.startsWith('[') && ip.endsWith(']')) ip = ip.slice(1, -1);
  const zone = ip.indexOf('%');
  if (zone !== -1) ip = ip.slice(0, zone);
  const family = isIP(ip);
  if (family === 4) return { address: ip, family: 4 };
  if (family !== 6) return null;
  const h = ipv6Hextets(ip);
  if (h.slice(0, 5).every((x) => x === 0) && h[5] === 0xffff)
    return { address: ipv4From(h[6], h[7]), family: 4 };
  return { address: h.map((x) => x.toString(16)).join(':'), family: 6 };
}

/** The eight 16-bit groups of a valid IPv6 address (callers check `isIP(ip) === 6` first). */
export function ipv6Hextets(ip: string): number[] {
  let text = ip;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const [a, b, c, d] = tail.split('.').map(Number);
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = text.split('::');
  const parse = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = parse(rest);
  const zeros = rest === undefined ? [] : new Array<number>(8 - left.length - right.length).fill(0);
  return [...left, ...zeros, ...right];
}

const ipv4From = (high: number, low: number) => `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;

/** The IPv4 address a NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address routes to, if it is one. */
export function embeddedIpv4(ipv6: string): string | null {
  const h = ipv6Hextets(ipv6);
  if (h[0] === 0x64 && h[1] === 0xff9b && h.slice(2, 6).every((x) => x === 0)) return ipv4From(h[6], h[7]);
  if (h[0] === 0x2002) return ipv4From(h[1], h[2]);
  return null;
}

/** Why an address is not publicly routable, or `null` for a public address. Ignores any allow-list. */
export function classifyAddress(raw: string): BlockedCategory | null {
  const normalized = normalizeAddress(raw);
  if (!normalized) return 'invalid';
  const { address, family } = normalized;
  if (METADATA.has(address)) return 'metadata';
  if (family === 4) return IPV4_LISTS.find((r) => r.list.check(address, 'ipv4'))?.category ?? null;
  const own = IPV6_LISTS.find((r) => r.list.check(address, 'ipv6'))?.category;
  if (own) return own;
  const embedded = embeddedIpv4(address);
  return embedded === null ? null : classifyAddress(embedded);
}

export type AddressVerdict =
  | { allowed: true; address: string; family: 4 | 6 }
  | { allowed: false; address: string; category: BlockedCategory };

/**
 * The blocked ranges minus the instance's allow-list (`OUTBOUND_ALLOW_CIDRS`). A metadata address is
 * allowed only by an entry naming exactly it (`/32` or `/128`), never by a wider range.
 */
export class AddressPolicy {
  private readonly allow = new BlockList();
  private readonly allowExact = new BlockList();

  constructor(allowCidrs: readonly string[] = []) {
    for (const cidr of allowCidrs) {
      const [network = '', prefixText] = cidr.split('/');
      const normalized = normalizeAddress(network);
      if (!normalized) throw new Error(`invalid CIDR in the outbound allow-list: ${cidr}`);
      const rawFamily = isIP(network) === 4 ? 'ipv4' : 'ipv6';
      const bits = rawFamily === 'ipv4' ? 32 : 128;
      const prefix = prefixText === undefined ? bits : Number(prefixText);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits) {
        throw new Error(`invalid CIDR in the outbound allow-list: ${cidr}`);
      }
      this.allow.addSubnet(network, prefix, rawFamily);
      if (prefix === bits) this.allowExact.addAddress(network, rawFamily);
    }
  }

  /**
   * Whether the allow-list itself names this address (it lies inside one of its ranges), whatever
   * the address's category: what the API asks before it accepts plain `http:` to a host.
   */
  opens(raw: string): boolean {
    const normalized = normalizeAddress(raw);
    return (
      normalized !== null && this.allow.check(normalized.address, normalized.family === 4 ? 'ipv4' : 'ipv6')
    );
  }

  check(raw: string): AddressVerdict {
    const normalized = normalizeAddress(raw);
    if (!normalized) return { allowed: false, address: raw, category: 'invalid' };
    const { address, family } = normalized;
    const type = family === 4 ? 'ipv4' : 'ipv6';
    const category = classifyAddress(address);
    if (category === 'metadata') {
      return this.allowExact.check(address, type)
        ? { allowed: true, address, family }
        : { allowed: false, address, category };
    }
    if (category === null || this.allow.check(address, type)) return { allowed: true, address, family };
    return { allowed: false, address, category };
  }
}

/** True when the client must not connect to `ip` under the given allow-list (default: none). */
export function isBlockedAddress(ip: string, allow: AddressPolicy | readonly string[] = []): boolean {
  const policy = allow instanceof AddressPolicy ? allow : new AddressPolicy(allow);
  return !policy.check(ip).allowed;
}
