import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';
import type { EgressPolicy } from './policy.js';

/** Connections kept per endpoint origin; more concurrent deliveries to one origin wait for a free socket. */
const MAX_SOCKETS_PER_ORIGIN = 64;

interface AgentPair {
  http: RequestFilteringHttpAgent;
  https: RequestFilteringHttpsAgent;
}

/** One long-lived pair per policy, so keep-alive connections are shared by every delivery under it. */
const agentsByPolicy = new Map<string, AgentPair>();

/**
 * The agent for a URL under the policy. Its filter checks the address each new connection is about to use, after
 * DNS resolution, so a name that resolved to a public address at registration and to a private one now is refused.
 */
export function agentFor(url: URL, policy: EgressPolicy): RequestFilteringHttpAgent | RequestFilteringHttpsAgent {
  const pair = agentPairFor(policy);
  return url.protocol === 'https:' ? pair.https : pair.http;
}

function agentPairFor(policy: EgressPolicy): AgentPair {
  const key = `${policy.allowPrivateNetworks}:${policy.allowHttp}`;
  let pair = agentsByPolicy.get(key);
  if (!pair) {
    pair = createAgentPair(policy);
    agentsByPolicy.set(key, pair);
  }
  return pair;
}

function createAgentPair(policy: EgressPolicy): AgentPair {
  const options = {
    keepAlive: true,
    maxSockets: MAX_SOCKETS_PER_ORIGIN,
    allowPrivateIPAddress: policy.allowPrivateNetworks,
    // 0.0.0.0 and :: mean "this host"; refused under every policy, as the registration check does.
    allowMetaIPAddress: false,
  };
  return { http: new RequestFilteringHttpAgent(options), https: new RequestFilteringHttpsAgent(options) };
}

/** Destroys every cached agent and its sockets (tests, shutdown); later deliveries create fresh agents. */
export function closeAgents(): void {
  for (const pair of agentsByPolicy.values()) {
    pair.http.destroy();
    pair.https.destroy();
  }
  agentsByPolicy.clear();
}
