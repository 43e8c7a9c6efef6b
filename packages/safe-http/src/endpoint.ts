import { promises as dns } from 'node:dns';
import { isIP } from 'node:net';
import { addressRefusal } from './address.js';
import type { EgressPolicy } from './policy.js';

export const MAX_ENDPOINT_URL_LENGTH = 2048;

export type EndpointCheck = { ok: true; url: URL } | { ok: false; reason: string };

/** Every address a host name resolves to. */
export type ResolveHost = (host: string) => Promise<string[]>;

const PUBLIC_ONLY = 'endpoints must be on the public internet';

/**
 * Registration-time check of a publisher's webhook URL: well-formed, https (http only when the policy allows it), no
 * credentials, and a host whose every address is public. This alone cannot stop DNS rebinding (the name may resolve
 * elsewhere later); postWebhook's connection filter re-checks the address it actually connects to.
 */
export async function checkEndpointUrl(
  url: string,
  policy: EgressPolicy,
  resolve: ResolveHost = resolveWithSystemDns,
): Promise<EndpointCheck> {
  const parsed = parseEndpointUrl(url, policy);
  if (!parsed.ok) return parsed;
  const host = hostOf(parsed.url);
  const refusal = isIP(host) ? literalAddressRefusal(host, policy) : await hostNameRefusal(host, policy, resolve);
  return refusal === undefined ? parsed : { ok: false, reason: refusal };
}

/** The checks that need no DNS; postWebhook applies them too before it connects. */
export function parseEndpointUrl(url: string, policy: EgressPolicy): EndpointCheck {
  if (url.length > MAX_ENDPOINT_URL_LENGTH) {
    return { ok: false, reason: `the URL is longer than ${MAX_ENDPOINT_URL_LENGTH} characters` };
  }
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (!parsed) return { ok: false, reason: 'the URL is not a valid absolute URL' };
  const schemeRefusal = schemeRefusalOf(parsed.protocol, policy);
  if (schemeRefusal) return { ok: false, reason: schemeRefusal };
  // Credentials in a URL end up in logs and dashboards; publishers authenticate us by the webhook signature instead.
  if (parsed.username || parsed.password) return { ok: false, reason: 'the URL must not contain a user name or password' };
  return { ok: true, url: parsed };
}

function schemeRefusalOf(protocol: string, policy: EgressPolicy): string | undefined {
  if (protocol === 'https:') return undefined;
  if (protocol === 'http:') return policy.allowHttp ? undefined : 'the URL must use https';
  return `the URL scheme ${protocol.slice(0, -1)} is not supported; use https`;
}

/** The host without IPv6 brackets or a trailing dot, so "[::1]" and "localhost." are recognised for what they are. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.+$/, '');
}

function literalAddressRefusal(address: string, policy: EgressPolicy): string | undefined {
  const refusal = addressRefusal(address, policy);
  return refusal && `${address} is ${refusal}; ${PUBLIC_ONLY}`;
}

async function hostNameRefusal(host: string, policy: EgressPolicy, resolve: ResolveHost): Promise<string | undefined> {
  const nameRefusal = policy.allowPrivateNetworks ? undefined : reservedNameRefusal(host);
  if (nameRefusal) return nameRefusal;
  const addresses = await resolve(host).catch(() => []);
  if (addresses.length === 0) return 'the host name does not resolve';
  for (const address of addresses) {
    const refusal = addressRefusal(address, policy);
    if (refusal) return `resolves to ${address}, ${refusal}; ${PUBLIC_ONLY}`;
  }
  return undefined;
}

/**
 * Names that point inside the machine or the cloud account whatever public DNS says about them, refused without a
 * lookup; allowPrivateNetworks lifts this as it lifts the address check.
 */
function reservedNameRefusal(host: string): string | undefined {
  if (host === 'localhost' || host.endsWith('.localhost')) return `${host} names this machine; ${PUBLIC_ONLY}`;
  if (host === 'metadata.google.internal') return `${host} is the cloud metadata service; ${PUBLIC_ONLY}`;
  return undefined;
}

async function resolveWithSystemDns(host: string): Promise<string[]> {
  const records = await dns.lookup(host, { all: true, verbatim: true });
  return records.map((record) => record.address);
}
