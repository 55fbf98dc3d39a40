import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { HeaderAPIKeyStrategy } from 'passport-headerapikey';
import type { ClientPrincipal } from '../common/auth/principal';
import { ApiKeysService } from '../api-keys/api-keys.service';

@Injectable()
export class ApiKeyStrategy extends PassportStrategy(HeaderAPIKeyStrategy, 'api-key') {
  constructor(private readonly apiKeys: ApiKeysService) {
    super({ header: 'X-API-Key', prefix: '' }, false);
  }

  async validate(key: string): Promise<ClientPrincipal | false> {
    const found = await this.apiKeys.findActiveByKey(key);
    if (!found) return false;
    return { kind: 'client', apiKeyId: found.id, name: found.name, channels: found.channels };
  }
}
