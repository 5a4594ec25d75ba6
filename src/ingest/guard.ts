import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { promises as dns } from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { FeedError } from './errors.js';

/**
 * The SSRF guard. A feed URL comes from people in chat, so it must never reach the machine itself,
 * the office network or a cloud metadata service, unless an admin allow-lists the host.
 */

const ALLOW_HINT =
  'Use a public http(s) feed address, or ask an admin to add the host to HORIZON_ALLOW_PRIVATE_HOSTS.';

function v4(bytes: number[]): ipaddr.IPv4 {
  return new ipaddr.IPv4(bytes.slice(0, 4));
}

/**
 * The IPv4 addresses an IPv6 address carries inside it, by form: a packet to one of these may be delivered
 * to the IPv4 address (by a NAT64 gateway, a 6to4 or Teredo relay, or the host's own stack), so each must be
 * judged as that IPv4 address. Returns null for an address with no embedded IPv4.
 */
function embeddedIPv4(v6: ipaddr.IPv6): { form: string; inner: ipaddr.IPv4[] } | null {
  const b = v6.toByteArray();
  const range = v6.range();
  switch (range) {
    case 'ipv4Mapped': // ::ffff:a.b.c.d
    case 'rfc6145': // ::ffff:0:a.b.c.d
      return { form: range === 'ipv4Mapped' ? 'ipv4-mapped' : 'ipv4-translated', inner: [v4(b.slice(12))] };
    case 'rfc6052': // 64:ff9b::a.b.c.d (NAT64)
      return { form: 'nat64', inner: [v4(b.slice(12))] };
    case '6to4': // 2002:aabb:ccdd::
      return { form: '6to4', inner: [v4(b.slice(2, 6))] };
    case 'teredo': // 2001:0:server::client (client obfuscated by XOR)
      return { form: 'teredo', inner: [v4(b.slice(4, 8)), v4(b.slice(12).map((x) => x ^ 0xff))] };
  }
  // IPv4-compatible (::a.b.c.d, deprecated by RFC 4291): the first 96 bits are zero.
  if (b.slice(0, 12).every((x) => x === 0)) return { form: 'ipv4-compatible', inner: [v4(b.slice(12))] };
  return null;
}

/** Names the range an address belongs to when it is not public unicast; null when it may be fetched. */
export function refusedRange(address: string): string | null {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address.replace(/^\[|\]$/g, ''));
  } catch {
    return 'invalid';
  }
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    // The unspecified and loopback addresses have zero prefixes too; they are named as themselves.
    if (v6.range() === 'unspecified' || v6.range() === 'loopback') return v6.range();
    // NAT64 for local use (64:ff9b:1::/48) leads into the operator's own network.
    if (v6.range() === 'rfc6052' && v6.parts[2] !== 0) return 'local-use nat64';
    const embedded = embeddedIPv4(v6);
    if (embedded) {
      // IPv4-compatible addresses have no legitimate use; any one of them is refused.
      if (embedded.form === 'ipv4-compatible') return 'ipv4-compatible';
      for (const inner of embedded.inner) {
        const r = inner.range();
        if (r !== 'unicast') return `${embedded.form} ${r}`;
      }
      return null;
    }
  }
  const range = parsed.range();
  return range === 'unicast' ? null : range;
}

function normaliseHost(host: string): string {
  const bare = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  try {
    return ipaddr.parse(bare).toNormalizedString();
  } catch {
    return bare;
  }
}

/** True when an admin has allow-listed this host name or IP address. */
export function isAllowListed(hostOrIp: string, allowPrivateHosts: readonly string[]): boolean {
  if (allowPrivateHosts.length === 0) return false;
  const wanted = normaliseHost(hostOrIp);
  return allowPrivateHosts.some((h) => normaliseHost(h) === wanted);
}

function refuse(what: string): FeedError {
  return new FeedError('refused-url', `${what}. ${ALLOW_HINT}`);
}

/** Refuses the address unless it is public or allow-listed; `host` names it in the message. */
function assertAddressAllowed(host: string, address: string, allow: readonly string[]): void {
  if (isAllowListed(address, allow)) return;
  const range = refusedRange(address);
  if (range) throw refuse(`${host} points to a ${range} address (${address}), which Horizon does not fetch`);
}

/**
 * The checks that need no DNS: http(s) only, no credentials, and an IP-literal host that is public or
 * allow-listed. Returns the parsed URL and whether its host still needs resolving.
 */
export function checkUrlSyntax(
  url: string,
  allowPrivateHosts: readonly string[],
): { url: URL; needsDns: boolean } {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new FeedError(
      'refused-url',
      `"${url.slice(0, 200)}" is not a web address. Give a full http(s) URL.`,
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new FeedError(
      'refused-url',
      `Only http and https feeds can be added, not ${parsed.protocol.replace(/:$/, '')}. Give a web address.`,
    );
  }
  if (parsed.username || parsed.password) {
    throw new FeedError(
      'refused-url',
      'Feed addresses must not carry a user name or password. Remove them and try again.',
    );
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (isAllowListed(host, allowPrivateHosts)) return { url: parsed, needsDns: false };
  if (ipaddr.isValid(host)) {
    assertAddressAllowed(host, host, allowPrivateHosts);
    return { url: parsed, needsDns: false };
  }
  return { url: parsed, needsDns: true };
}

/**
 * Checks a URL before any request: http(s) only, no credentials, and a host that resolves only to public
 * addresses. Returns the parsed URL. DNS is checked again at connect time by `guardedLookup`.
 */
export async function checkUrl(url: string, allowPrivateHosts: string[]): Promise<URL> {
  const { url: parsed, needsDns } = checkUrlSyntax(url, allowPrivateHosts);
  if (!needsDns) return parsed;
  const host = parsed.hostname;
  let addresses: LookupAddress[];
  try {
    addresses = await dns.lookup(host, { all: true, verbatim: true });
  } catch (e) {
    throw new FeedError(
      'dns',
      `Cannot find the host ${host} (${(e as NodeJS.ErrnoException).code ?? 'DNS error'}). Check the address for typos.`,
    );
  }
  if (addresses.length === 0)
    throw new FeedError('dns', `The host ${host} has no address. Check the address for typos.`);
  for (const a of addresses) assertAddressAllowed(host, a.address, allowPrivateHosts);
  return parsed;
}

/**
 * A `lookup` for node's http(s) agents: resolves, then refuses private addresses at connect time,
 * so a host cannot pass `checkUrl` and then re-resolve to 127.0.0.1 (DNS rebinding).
 */
export function guardedLookup(allowPrivateHosts: readonly string[]): LookupFunction {
  return ((hostname: string, options: unknown, callback: unknown) => {
    const cb = (typeof options === 'function' ? options : callback) as (
      err: NodeJS.ErrnoException | null,
      address: string | LookupAddress[],
      family?: number,
    ) => void;
    const opts = (typeof options === 'object' && options !== null ? options : {}) as {
      all?: boolean;
      family?: number;
    };
    dnsLookup(hostname, { family: opts.family ?? 0, all: true, verbatim: true }, (err, list) => {
      if (err) return cb(err, opts.all ? [] : '', undefined);
      if (!isAllowListed(hostname, allowPrivateHosts)) {
        try {
          for (const a of list) assertAddressAllowed(hostname, a.address, allowPrivateHosts);
        } catch (e) {
          return cb(e as NodeJS.ErrnoException, opts.all ? [] : '', undefined);
        }
      }
      if (list.length === 0)
        return cb(
          Object.assign(new Error(`No address for ${hostname}`), { code: 'ENOTFOUND' }),
          '',
          undefined,
        );
      if (opts.all) return cb(null, list);
      const first = list[0]!;
      cb(null, first.address, first.family);
    });
  }) as LookupFunction;
}
