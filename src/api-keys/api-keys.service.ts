import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { IsNull, Repository } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import { Clock } from '../common/time/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { TtlCache } from '../common/ttl-cache';
import type { Channel } from '../appeals/appeal.enums';
import type { ClientPrincipal } from '../common/auth/principal';
import { ApiKey } from './api-key.entity';
import type { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from './api-keys.dto';

/**
 * Keys carry 256 random bits, so a fast SHA-256 is enough to store them safely (a slow password
 * hash would only add latency to every API call): docs/decisions/0005-api-keys.md.
 */
export const hashApiKey = (key: string): string => createHash('sha256').update(key).digest('hex');

export const toApiKeyDto = (k: ApiKey): ApiKeyDto => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  channels: k.channels,
  createdAt: k.createdAt.toISOString(),
  revokedAt: k.revokedAt ? k.revokedAt.toISOString() : null,
});

const clientPrincipal = (k: Pick<ApiKey, 'id' | 'name'>, channels: Channel[]): ClientPrincipal => ({
  kind: 'client',
  apiKeyId: k.id,
  name: k.name,
  channels,
});

@Injectable()
export class ApiKeysService {
  /**
   * Active keys this instance looked up recently, by hash: every integration call would
   * otherwise pay a PostgreSQL round trip before any work (issue 10). Only found keys are kept;
   * a revocation here drops its entry at once, other instances notice within the TTL (ADR 0005).
   */
  private readonly cache: TtlCache<ApiKey | null>;

  constructor(
    @InjectRepository(ApiKey) private readonly repo: Repository<ApiKey>,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    // Business time (the injected clock), so tests can let an entry expire.
    this.cache = new TtlCache(config.apiKeys.cacheSeconds * 1000, 1000, () =>
      clock.now().getTime(),
    );
  }

  async create(dto: CreateApiKeyDto, createdById: string): Promise<CreatedApiKeyDto> {
    const prefix = randomBytes(6).toString('base64url');
    const key = `ad_${prefix}_${randomBytes(32).toString('base64url')}`;
    const saved = await this.repo.save(
      this.repo.create({
        name: dto.name,
        prefix,
        keyHash: hashApiKey(key),
        channels: dto.channels,
        createdById,
      }),
    );
    return { ...toApiKeyDto(saved), key };
  }

  list(): Promise<ApiKey[]> {
    return this.repo.find({ order: { createdAt: 'DESC' } });
  }

  async revoke(id: string): Promise<void> {
    const res = await this.repo.update(
      { id, revokedAt: IsNull() },
      { revokedAt: this.clock.now() },
    );
    this.cache.clear();
    if (!res.affected && !(await this.repo.existsBy({ id }))) {
      throw new AppError(ErrorCode.API_KEY_NOT_FOUND);
    }
  }

  /**
   * The integration client a system channel (the IMAP mailbox, ГИС ЖКХ) registers under,
   * created on first use. Its key is random and never shown (only a hash is stored), so nobody
   * can call the API as this client; revoking it makes the next use create a fresh one.
   */
  async systemClient(name: string, prefix: string, channel: Channel): Promise<ClientPrincipal> {
    const principal = (k: Pick<ApiKey, 'id' | 'name'>) => clientPrincipal(k, [channel]);
    const active = await this.repo
      .createQueryBuilder('k')
      .where('k.name = :name AND k.revokedAt IS NULL', { name })
      .andWhere(':channel = ANY(k.channels)', { channel })
      .orderBy('k.createdAt', 'ASC')
      .getOne();
    if (active) return principal(active);
    // Raw RETURNING rows: only id and name are read (the same in snake_case).
    const create = async (p: string): Promise<Pick<ApiKey, 'id' | 'name'> | undefined> => {
      const res = await this.repo
        .createQueryBuilder()
        .insert()
        .into(ApiKey)
        .values({
          name,
          prefix: p,
          keyHash: hashApiKey(randomBytes(32).toString('base64url')),
          channels: [channel],
          createdById: null,
          revokedAt: null,
        })
        .orIgnore()
        .returning('*')
        .execute();
      return (res.raw as Pick<ApiKey, 'id' | 'name'>[])[0];
    };
    // The plain prefix the first time; once a revoked key holds it, a suffixed one.
    const created =
      (await create(prefix)) ?? (await create(`${prefix}-${randomBytes(6).toString('base64url')}`));
    if (!created) throw new Error(`Could not create the system client "${name}"`);
    return principal(created);
  }

  /** The integration client a key authenticates, or null (unknown, revoked, malformed). */
  async principalFor(key: string): Promise<ClientPrincipal | null> {
    const found = await this.findActiveByKey(key);
    return found ? clientPrincipal(found, found.channels) : null;
  }

  async findActiveByKey(key: string): Promise<ApiKey | null> {
    if (!key.startsWith('ad_') || key.length > 200) return null;
    const hash = hashApiKey(key);
    return this.cache.get(hash, () => this.repo.findOneBy({ keyHash: hash, revokedAt: IsNull() }));
  }
}
