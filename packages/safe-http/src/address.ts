import ipaddr from 'ipaddr.js';
import type { EgressPolicy } from './policy.js';

type ParsedAddress = ipaddr.IPv4 | ipaddr.IPv6;

/** The address cloud providers serve instance metadata and credentials on; named so a refusal explains itself. */
const METADATA_ADDRESS = '169.254.169.254';

/** ipaddr.js range names, as the words a publisher reads in a refusal. Unlisted ranges are "special-purpose". */
const RANGE_DESCRIPTIONS: Record<string, string> = {
  loopback: 'a loopback address',
  private: 'a private-network address',
  uniqueLocal: 'a private-network (unique local) address',
  linkLocal: 'a link-local address',
  deprecatedSiteLocal: 'a site-local address',
  unspecified: 'an unspecified address',
  carrierGradeNat: 'a carrier-grade NAT address',
  multicast: 'a multicast address',
  broadcast: 'a broadcast address',
  reserved: 'a reserved address',
  benchmarking: 'a benchmarking address',
  ipv4Mapped: 'an IPv4-mapped IPv6 address',
};

/**
 * Why a destination address is refused under the policy, or undefined when it may be used. Public (ipaddr.js
 * 'unicast') addresses always pass; everything else passes only with allowPrivateNetworks, except the unspecified
 * address (0.0.0.0, ::): it is never a real destination (the OS treats it as this host), and the connect-time
 * filter refuses it under every policy too.
 */
export function addressRefusal(address: string, policy: EgressPolicy): string | undefined {
  const parsed = parseAddress(address);
  if (!parsed) return 'not an IP address';
  const range = decidingRange(parsed);
  if (range === 'unicast') return undefined;
  if (range === 'unspecified' || !policy.allowPrivateNetworks) return describe(range, parsed);
  return undefined;
}

function parseAddress(address: string): ParsedAddress | undefined {
  try {
    return ipaddr.parse(address);
  } catch {
    return undefined;
  }
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (::ffff:127.0.0.1), if it is one. */
function mappedIPv4(parsed: ParsedAddress): ipaddr.IPv4 | undefined {
  return parsed instanceof ipaddr.IPv6 && parsed.isIPv4MappedAddress() ? parsed.toIPv4Address() : undefined;
}

/**
 * A mapped address is judged by the IPv4 address it carries when that is non-public, so the refusal says
 * "loopback"; a mapped public address stays 'ipv4Mapped', which the connect-time filter refuses as well.
 */
function decidingRange(parsed: ParsedAddress): string {
  const embedded = mappedIPv4(parsed)?.range();
  if (embedded === undefined) return parsed.range();
  return embedded === 'unicast' ? 'ipv4Mapped' : embedded;
}

function describe(range: string, parsed: ParsedAddress): string {
  const description = RANGE_DESCRIPTIONS[range] ?? `a special-purpose address (${range})`;
  const ipv4 = mappedIPv4(parsed) ?? parsed;
  const notes = [
    ipv4 !== parsed && range !== 'ipv4Mapped' ? `IPv4 ${ipv4.toString()}` : undefined,
    ipv4.toString() === METADATA_ADDRESS ? 'the cloud metadata service' : undefined,
  ].filter((note) => note !== undefined);
  return notes.length > 0 ? `${description} (${notes.join(', ')})` : description;
}
