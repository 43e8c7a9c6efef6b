/**
 * What outbound webhook traffic may reach. Both flags are false in production; an explicit setting turns them on
 * for tests (receivers on 127.0.0.1 over plain http) and for on-premise installations with internal endpoints.
 */
export interface EgressPolicy {
  /** Allow loopback, private, link-local and other non-public addresses. */
  allowPrivateNetworks: boolean;
  /** Allow plain http:// endpoints; otherwise only https:// is accepted. */
  allowHttp: boolean;
}
