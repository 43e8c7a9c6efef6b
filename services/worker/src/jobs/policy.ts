import { defaultPolicy, type ModerationPolicy } from '@moderato/analysis';
import type { PolicyOverrides } from '@moderato/storage';

/** The publisher's stored overrides laid over the default policy, threshold by threshold. */
export function resolvePolicy(overrides: PolicyOverrides): ModerationPolicy {
  return {
    spam: { ...defaultPolicy.spam, ...overrides.spam },
    duplicate: { ...defaultPolicy.duplicate, ...overrides.duplicate },
    toxic: { ...defaultPolicy.toxic, ...overrides.toxic },
    negative: { ...defaultPolicy.negative, ...overrides.negative },
    blockedDomains: overrides.blockedDomains ?? defaultPolicy.blockedDomains,
  };
}
