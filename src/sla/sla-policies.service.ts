import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import { SlaPolicy, type AppealKind } from './sla-policy.entity';
import type { UpsertSlaPolicyDto } from './sla.dto';
import { TtlCache } from '../common/ttl-cache';

// Read by every registration; changed by an administrator now and then.
const CACHE_TTL_MS = 60_000;

@Injectable()
export class SlaPoliciesService {
  private readonly cache = new TtlCache<SlaPolicy | null>(CACHE_TTL_MS);

  constructor(@InjectRepository(SlaPolicy) private readonly repo: Repository<SlaPolicy>) {}

  list(): Promise<SlaPolicy[]> {
    return this.repo.find({ order: { kind: 'ASC', name: 'ASC' } });
  }

  async forKind(kind: AppealKind): Promise<SlaPolicy> {
    const p = await this.cache.get(`kind:${kind}`, () => this.repo.findOneBy({ kind }));
    if (!p)
      throw new AppError(ErrorCode.SLA_POLICY_NOT_FOUND, `Нет политики сроков для вида «${kind}»`);
    return p;
  }

  get(id: string): Promise<SlaPolicy | null> {
    return this.cache.get(`id:${id}`, () => this.repo.findOneBy({ id }));
  }

  async upsertKind(kind: AppealKind, dto: UpsertSlaPolicyDto): Promise<SlaPolicy> {
    const existing = await this.repo.findOneBy({ kind });
    const policy = this.repo.merge(existing ?? this.repo.create({ kind, name: kind }), {
      ...dto,
      warnDaysBefore: [
        ...new Set(dto.warnDaysBefore ?? existing?.warnDaysBefore ?? [5, 2, 1]),
      ].sort((a, b) => b - a),
      name: dto.name ?? existing?.name ?? kind,
    });
    const saved = await this.repo.save(policy);
    this.cache.clear();
    return saved;
  }
}
