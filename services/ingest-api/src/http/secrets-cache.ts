import { AppError } from '@moderato/service-kit';
import { findActiveWebhookSecrets, SecretsKeyError, type Storage } from '@moderato/storage';

/**
 * Caches each publisher's active webhook secrets for a few seconds, so a burst of deliveries reads MongoDB once.
 * Rotations keep the old secret valid for a grace period far longer than the cache lifetime.
 */
export class WebhookSecretsCache {
  private readonly entries = new Map<string, { secrets: string[] | null; expires: number }>();

  constructor(
    private readonly storage: Storage,
    private readonly ttlMs: number,
  ) {}

  async get(publisherId: string): Promise<string[] | null> {
    const now = Date.now();
    const cached = this.entries.get(publisherId);
    if (cached && cached.expires > now) return cached.secrets;
    const secrets = await findActiveWebhookSecrets(this.storage, publisherId).catch((error: unknown) => {
      // Sealed under another key (or this server has none): a server fault, so the publisher should retry later.
      if (error instanceof SecretsKeyError) throw new SecretsUnreadableError(error);
      throw error;
    });
    // Unknown publishers are not cached, so a publisher created a moment ago is recognised at once.
    if (secrets && this.ttlMs > 0) this.entries.set(publisherId, { secrets, expires: now + this.ttlMs });
    return secrets;
  }
}

export class SecretsUnreadableError extends AppError {
  constructor(cause: SecretsKeyError) {
    super('webhook_secrets_unreadable', 503, 'Service unavailable', {
      detail: 'This server cannot read the webhook secrets it holds for the publisher; nothing was accepted, retry the delivery later.',
      cause,
    });
  }
}
