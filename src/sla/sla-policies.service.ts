import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import { SlaPolicy, type AppealKind } from './sla-policy.entity';
import type { UpsertSlaPolicyDto } from './sla.dto';

@Injectable()
export class SlaPoliciesService {
  constructor(@InjectRepository(SlaPolicy) private readonly repo: Repository<SlaPolicy>) {}

  list(): Promise<SlaPolicy[]> {
    return this.repo.find({ order: { kind: 'ASC', name: 'ASC' } });
  }

  async forKind(kind: AppealKind): Promise<SlaPolicy> {
    const p = await this.repo.findOneBy({ kind });
    if (!p)
      throw new AppError(ErrorCode.SLA_POLICY_NOT_FOUND, `Нет политики сроков для вида «${kind}»`);
    return p;
  }

  get(id: string): Promise<SlaPolicy | null> {
    return this.repo.findOneBy({ id });
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
    return this.repo.save(policy);
  }
}
