import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AddressPolicy,
  classifyAddress,
  embeddedIpv4,
  ipv6Hextets,
  isBlockedAddress,
  METADATA_ADDRESSES,
  normalizeAddress,
} from './address-policy.js';

/** [network as 32-bit int, prefix] of every blocked IPv4 range. */
const BLOCKED_V4: ReadonlyArray<readonly [string, number]> = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];

const toInt = (ip: string) => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
const fromInt = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
const inRange = (n: number, [network, prefix]: readonly [string, number]) =>
  prefix === 0 || n >>> (32 - prefix) === toInt(network) >>> (32 - prefix);
const isBlockedV4Int = (n: number) =>
  BLOCKED_V4.some((r) => inRange(n, r)) || METADATA_ADDRESSES.includes(fromInt(n));

const blockedV4 = fc
  .constantFrom(...BLOCKED_V4)
  .chain(([network, prefix]) =>
    fc.integer({ min: 0, max: 2 ** (32 - prefix) - 1 }).map((offset) => (toInt(network) + offset) >>> 0),
  );
const publicV4 = fc.integer({ min: 0, max: 2 ** 32 - 1 }).filter((n) => !isBlockedV4Int(n));

/** The many spellings URL parsers and resolvers accept for one IPv4 address. */
const notations = (n: number): string[] => {
  const [a, b, c, d] = [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  return [
    `${a}.${b}.${c}.${d}`,
    String(n),
    `0x${n.toString(16)}`,
    `0${n.toString(8)}`,
    `0x${a.toString(16)}.${b}.${c}.${d}`,
    `0${a.toString(8)}.0${b.toString(8)}.${c}.${d}`,
    `${a}.${(n & 0xffffff) >>> 0}`,
    `${a}.${b}.${(n & 0xffff) >>> 0}`,
    `${a}.${b}.${c}.${d}.`,
    `[::ffff:${a}.${b}.${c}.${d}]`,
    `[::ffff:${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}]`,
    `[0:0:0:0:0:ffff:${a}.${b}.${c}.${d}]`,
    `[64:ff9b::${a}.${b}.${c}.${d}]`,
    `[2002:${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}::1]`,
  ];
};
/** What the client checks: the WHATWG URL parser's host, as the client sees it. */
const hostOf = (spelling: string) => new URL(`http://${spelling}/`).hostname;

describe('address policy', () => {
  it('blocks every IPv4 address in a blocked range whatever the notation', () => {
    fc.assert(
      fc.property(blockedV4, (n) => {
        for (const spelling of notations(n)) {
          expect(isBlockedAddress(hostOf(spelling)), spelling).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('allows public IPv4 addresses in their plain, mapped, NAT64 and 6to4 forms', () => {
    fc.assert(
      fc.property(publicV4, (n) => {
        for (const spelling of notations(n)) {
          expect(isBlockedAddress(hostOf(spelling)), spelling).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.1.1', 'link_local'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.10', 'documentation'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.9', 'documentation'],
    ['198.19.0.1', 'benchmarking'],
    ['192.0.0.170', 'protocol_assignment'],
    ['169.254.169.254', 'metadata'],
    ['169.254.170.2', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['168.63.129.16', 'metadata'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::7f00:1', 'ipv4_compatible'],
    ['::127.0.0.1', 'ipv4_compatible'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['0:0:0:0:0:ffff:a00:1', 'private'],
    ['::ffff:a9fe:a9fe', 'metadata'],
    ['::ffff:0:7f00:1', 'ipv4_translated'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['64:ff9b::169.254.169.254', 'metadata'],
    ['64:ff9b::a00:5', 'private'],
    ['64:ff9b:1::1.2.3.4', 'nat64_local'],
    ['2002:7f00:1::', 'loopback'],
    ['2002:c0a8:101::1', 'private'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'teredo'],
    ['2001:2::1', 'protocol_assignment'],
    ['2001:db8::1', 'documentation'],
    ['3fff::1', 'documentation'],
    ['100::1', 'discard'],
    ['fc00::1', 'unique_local'],
    ['fd12:3456::1', 'unique_local'],
    ['fd00:ec2::254', 'metadata'],
    ['FD00:EC2:0:0:0:0:0:254', 'metadata'],
    ['fe80::1', 'link_local'],
    ['fe80::1%eth0', 'link_local'],
    ['febf:ffff::1', 'link_local'],
    ['fec0::1', 'site_local'],
    ['ff02::1', 'multicast'],
    ['example.com', 'invalid'],
    ['', 'invalid'],
    ['127.1', 'invalid'],
    ['1.2.3.4.5', 'invalid'],
  ])('classifies %s as %s', (ip, category) => {
    expect(classifyAddress(ip)).toBe(category);
    expect(isBlockedAddress(ip)).toBe(true);
  });

  it.each([
    '1.1.1.1',
    '8.8.8.8',
    '93.184.215.14',
    '172.15.255.255',
    '172.32.0.0',
    '100.63.255.255',
    '100.128.0.0',
    '192.169.0.1',
    '223.255.255.255',
    '2606:4700:4700::1111',
    '2a00:1450:4001:81c::200e',
    '::ffff:8.8.8.8',
    '64:ff9b::8.8.8.8',
    '2002:808:808::1',
  ])('allows the public address %s', (ip) => {
    expect(classifyAddress(ip)).toBeNull();
    expect(isBlockedAddress(ip)).toBe(false);
  });

  it('opens exactly the allow-listed ranges, in every notation of their addresses', () => {
    const policy = new AddressPolicy(['127.0.0.1/32', '10.20.0.0/16', 'fd12::/16']);
    expect(isBlockedAddress('127.0.0.1', policy)).toBe(false);
    expect(isBlockedAddress('::ffff:127.0.0.1', policy)).toBe(false);
    expect(isBlockedAddress('::ffff:7f00:1', policy)).toBe(false);
    expect(isBlockedAddress('127.0.0.2', policy)).toBe(true);
    expect(isBlockedAddress('::1', policy)).toBe(true);
    expect(isBlockedAddress('10.20.255.1', policy)).toBe(false);
    expect(isBlockedAddress('10.21.0.1', policy)).toBe(true);
    expect(isBlockedAddress('fd12:1::1', policy)).toBe(false);
    expect(isBlockedAddress('fd13::1', policy)).toBe(true);
    expect(policy.check('10.21.0.1')).toEqual({ allowed: false, address: '10.21.0.1', category: 'private' });
  });

  it('keeps metadata addresses closed unless the allow-list names them exactly', () => {
    expect(isBlockedAddress('169.254.169.254', ['169.254.0.0/16'])).toBe(true);
    expect(isBlockedAddress('169.254.1.1', ['169.254.0.0/16'])).toBe(false);
    expect(isBlockedAddress('100.100.100.200', ['100.64.0.0/10'])).toBe(true);
    expect(isBlockedAddress('fd00:ec2::254', ['fd00::/8'])).toBe(true);
    expect(isBlockedAddress('169.254.169.254', ['169.254.169.254/32'])).toBe(false);
    expect(isBlockedAddress('0.0.0.0', ['0.0.0.0/0'])).toBe(false);
    expect(isBlockedAddress('169.254.169.254', ['0.0.0.0/0'])).toBe(true);
  });

  it('refuses a malformed allow-list entry instead of ignoring it', () => {
    for (const bad of ['10.0.0.0/33', 'example.com/8', '::/129', '10.0.0.0/x']) {
      expect(() => new AddressPolicy([bad]), bad).toThrow(/allow-list/);
    }
  });

  it('expands IPv6 addresses to the groups that node:net agrees on', () => {
    expect(ipv6Hextets('::')).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(ipv6Hextets('1::')).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
    expect(ipv6Hextets('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x102, 0x304]);
    expect(ipv6Hextets('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(embeddedIpv4('64:ff9b::1.2.3.4')).toBe('1.2.3.4');
    expect(embeddedIpv4('2002:102:304::')).toBe('1.2.3.4');
    expect(embeddedIpv4('2606:4700::1')).toBeNull();
    fc.assert(
      fc.property(fc.ipV6(), (ip) => {
        const groups = ipv6Hextets(ip);
        expect(groups).toHaveLength(8);
        // The URL parser's canonical form of the same address expands to the same groups.
        expect(ipv6Hextets(new URL(`http://[${ip}]/`).hostname.slice(1, -1))).toEqual(groups);
      }),
    );
  });

  it('fails closed on anything that is not an address', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        if (normalizeAddress(text) === null) expect(isBlockedAddress(text)).toBe(true);
      }),
    );
  });
});

describe('AddressPolicy.opens', () => {
  it('answers whether the allow-list names an address, whatever its category', () => {
    const policy = new AddressPolicy(['127.0.0.0/8', '10.20.0.0/16', 'fd12::/16']);
    expect(policy.opens('127.0.0.1')).toBe(true);
    expect(policy.opens('::ffff:127.0.0.1')).toBe(true);
    expect(policy.opens('10.20.3.4')).toBe(true);
    expect(policy.opens('fd12:1::1')).toBe(true);
    expect(policy.opens('10.21.0.1')).toBe(false);
    // Public addresses are allowed to connect to, but the allow-list does not name them.
    expect(policy.check('8.8.8.8').allowed).toBe(true);
    expect(policy.opens('8.8.8.8')).toBe(false);
    expect(policy.opens('not an ip')).toBe(false);
    expect(new AddressPolicy().opens('127.0.0.1')).toBe(false);
  });
});
