import type { AppConfig } from '../../config/app-config';
import { MaxProvider } from './max/max.provider';
import type { MessengerProvider, MessengerProviderCode } from './messenger-provider';
import { TelegramProvider } from './telegram/telegram.provider';

/**
 * The providers that are on (a token is set), by code. A test replaces an entry's `apiUrl` with
 * its stand-in through the configuration, never by swapping the class.
 */
export class MessengerProviders {
  private readonly byCode = new Map<MessengerProviderCode, MessengerProvider>();

  constructor(providers: readonly MessengerProvider[]) {
    for (const p of providers) this.byCode.set(p.code, p);
  }

  static fromConfig(config: AppConfig): MessengerProviders {
    const { telegram, max } = config.messenger;
    return new MessengerProviders([
      ...(telegram ? [new TelegramProvider(telegram)] : []),
      ...(max ? [new MaxProvider(max)] : []),
    ]);
  }

  get(code: string): MessengerProvider | null {
    return this.byCode.get(code as MessengerProviderCode) ?? null;
  }

  all(): MessengerProvider[] {
    return [...this.byCode.values()];
  }
}
