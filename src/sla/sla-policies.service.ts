import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { Topic } from '../departments/topic.entity';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import { SlaPolicy, type AppealKind } from './sla-policy.entity';
import type { UpsertSlaPolicyDto } from './sla.dto';
import { TtlCache } from '../common/ttl-cache';

/** The sweep's warning days: as given, else as they were, else 5, 2, 1; distinct, latest first. */
const warnLadder = (dto: UpsertSlaPolicyDto, was: SlaPolicy | null): number[] =>
  [...new Set(dto.warnDaysBefore ?? was?.warnDaysBefore ?? [5, 2, 1])].sort((a, b) => b - a);

// Read by every registration; changed by an administrator now and then.
const CACHE_TTL_MS = 60_000;

@Injectable()
export class SlaPoliciesService {
  private readonly cache = new TtlCache<SlaPolicy | null>(CACHE_TTL_MS);

  constructor(
    @InjectRepository(SlaPolicy) private readonly repo: Repository<SlaPolicy>,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  list(): Promise<SlaPolicy[]> {
    return this.repo.find({ order: { kind: 'ASC', name: 'ASC' } });
  }

  /** The codes of the topics each policy is the term of, by policy id. */
  async topicCodes(): Promise<Map<string, string[]>> {
    const rows = await this.ds.getRepository(Topic).find({
      select: { code: true, slaPolicyId: true },
      order: { code: 'ASC' },
    });
    const byPolicy = new Map<string, string[]>();
    for (const t of rows) {
      if (!t.slaPolicyId) continue;
      byPolicy.set(t.slaPolicyId, [...(byPolicy.get(t.slaPolicyId) ?? []), t.code]);
    }
    return byPolicy;
  }

  /**
   * Gives the topic a term of its own (SPEC §6: a topic's policy; the earliest of the kind's and
   * the topic's due dates wins). The topic's current policy is changed in place when it is a
   * topic policy no other topic uses; otherwise (none yet, a kind's default, or one shared with
   * other topics) a new policy is created and linked, so no other topic's term changes with it.
   */
  async upsertForTopic(topicCode: string, dto: UpsertSlaPolicyDto): Promise<SlaPolicy> {
    const saved = await this.ds.transaction(async (em) => {
      const topic = await em
        .getRepository(Topic)
        .findOne({ where: { code: topicCode }, lock: { mode: 'pessimistic_write' } });
      if (!topic)
        throw new AppError(ErrorCode.TOPIC_NOT_FOUND, `Тематика «${topicCode}» не найдена`);
      const current = topic.slaPolicyId
        ? await em.getRepository(SlaPolicy).findOneBy({ id: topic.slaPolicyId })
        : null;
      const sharers = current
        ? await em.getRepository(Topic).countBy({ slaPolicyId: current.id })
        : 0;
      const own = current && current.kind === null && sharers === 1 ? current : null;
      const policy = em
        .getRepository(SlaPolicy)
        .merge(own ?? em.getRepository(SlaPolicy).create({ kind: null }), {
          ...dto,
          name: dto.name ?? own?.name ?? `Тематика «${topic.name}»`,
          warnDaysBefore: warnLadder(dto, own),
        });
      const stored = await em.getRepository(SlaPolicy).save(policy);
      if (topic.slaPolicyId !== stored.id) {
        await em.getRepository(Topic).update({ id: topic.id }, { slaPolicyId: stored.id });
      }
      return stored;
    });
    this.cache.clear();
    return saved;
  }

  /**
   * The topic goes back to its kind's term. Its former policy is kept: appeals registered under
   * it keep its extension limit (appeals.sla_policy_id).
   */
  async removeFromTopic(topicCode: string): Promise<void> {
    const result = await this.ds
      .getRepository(Topic)
      .update({ code: topicCode }, { slaPolicyId: null });
    if (!result.affected) {
      throw new AppError(ErrorCode.TOPIC_NOT_FOUND, `Тематика «${topicCode}» не найдена`);
    }
    this.cache.clear();
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
      warnDaysBefore: warnLadder(dto, existing),
      name: dto.name ?? existing?.name ?? kind,
    });
    const saved = await this.repo.save(policy);
    this.cache.clear();
    return saved;
  }
}
