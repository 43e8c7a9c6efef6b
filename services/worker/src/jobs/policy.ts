import type { ModerationPolicy } from '@moderato/analysis';
import type { PolicyOverrides } from '@moderato/storage';

/** The publisher's stored overrides laid over the default policy (the models' tuned thresholds), threshold by threshold. */
export function resolvePolicy(defaults: ModerationPolicy, overrides: PolicyOverrides): ModerationPolicy {
  return {
    spam: { ...defaults.spam, ...overrides.spam },
    duplicate: { ...defaults.duplicate, ...overrides.duplicate },
    toxic: { ...defaults.toxic, ...overrides.toxic },
    negative: { ...defaults.negative, ...overrides.negative },
    blockedDomains: overrides.blockedDomains ?? defaults.blockedDomains,
  };
}
