import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import { SlaPolicy } from '../sla/sla-policy.entity';
import { Topic } from './topic.entity';
import { isUniqueViolationError } from '../database/pg-errors';
import { Department } from './department.entity';
import type {
  CreateDepartmentDto,
  CreateTopicDto,
  UpdateDepartmentDto,
  UpdateTopicDto,
} from './departments.dto';
import { TtlCache } from '../common/ttl-cache';
import {
  checkTopicAttributes,
  normalizeTopicAttributes,
  type TopicAttribute,
} from './topic-attributes';

// Every registration resolves its topic and, without one, the default department.
const CACHE_TTL_MS = 60_000;

@Injectable()
export class DepartmentsService {
  private readonly topicCache = new TtlCache<Topic | null>(CACHE_TTL_MS);
  private readonly departmentCache = new TtlCache<Department | null>(CACHE_TTL_MS);

  constructor(
    @InjectRepository(Department) private readonly departments: Repository<Department>,
    @InjectRepository(Topic) private readonly topics: Repository<Topic>,
    @InjectRepository(SlaPolicy) private readonly policies: Repository<SlaPolicy>,
  ) {}

  async create(dto: CreateDepartmentDto): Promise<Department> {
    try {
      const saved = await this.departments.save(this.departments.create(dto));
      this.departmentCache.clear();
      return saved;
    } catch (e) {
      if (isUniqueViolationError(e)) {
        throw new AppError(ErrorCode.DEPARTMENT_CODE_TAKEN, `Подразделение «${dto.code}» уже есть`);
      }
      throw e;
    }
  }

  list(): Promise<Department[]> {
    return this.departments.find({ order: { code: 'ASC' } });
  }

  async get(id: string): Promise<Department> {
    const d = await this.departments.findOneBy({ id });
    if (!d) throw new AppError(ErrorCode.DEPARTMENT_NOT_FOUND);
    return d;
  }

  /** Renames a department or changes its sign-off setting; its code and appeals stay. */
  async update(id: string, dto: UpdateDepartmentDto): Promise<Department> {
    const d = await this.get(id);
    if (dto.name !== undefined) d.name = dto.name.trim();
    if (dto.answerApproval !== undefined) d.answerApproval = dto.answerApproval;
    const saved = await this.departments.save(d);
    this.departmentCache.clear();
    return saved;
  }

  findByCode(code: string): Promise<Department | null> {
    return this.departmentCache.get(code, () => this.departments.findOneBy({ code }));
  }

  async createTopic(dto: CreateTopicDto): Promise<Topic> {
    const attributes = topicAttributes(dto.attributes ?? []);
    await this.get(dto.departmentId);
    if (dto.slaPolicyId && !(await this.policies.existsBy({ id: dto.slaPolicyId }))) {
      throw new AppError(ErrorCode.SLA_POLICY_NOT_FOUND);
    }
    try {
      const saved = await this.topics.save(
        this.topics.create({ ...dto, slaPolicyId: dto.slaPolicyId ?? null, attributes }),
      );
      this.topicCache.clear();
      return saved;
    } catch (e) {
      if (isUniqueViolationError(e)) {
        throw new AppError(ErrorCode.TOPIC_CODE_TAKEN, `Тематика «${dto.code}» уже есть`);
      }
      throw e;
    }
  }

  /**
   * Renames a topic or moves it to another department: appeals registered from now on go there
   * (other instances within their cache's minute); appeals already registered keep their
   * department — PATCH /appeals/{id} re-routes one.
   */
  async updateTopic(code: string, dto: UpdateTopicDto): Promise<Topic> {
    const topic = await this.topics.findOneBy({ code });
    if (!topic) throw new AppError(ErrorCode.TOPIC_NOT_FOUND);
    if (dto.departmentId !== undefined) {
      await this.get(dto.departmentId);
      topic.departmentId = dto.departmentId;
    }
    if (dto.name !== undefined) topic.name = dto.name.trim();
    // Appeals already registered keep their values; new ones are checked against the new list.
    if (dto.attributes !== undefined) topic.attributes = topicAttributes(dto.attributes);
    const saved = await this.topics.save(topic);
    this.topicCache.clear();
    return saved;
  }

  listTopics(): Promise<Topic[]> {
    return this.topics.find({ order: { code: 'ASC' } });
  }

  /** After a topic's policy changed elsewhere (SlaPoliciesService): read topics afresh. */
  forgetTopics(): void {
    this.topicCache.clear();
  }

  findTopicByCode(code: string): Promise<Topic | null> {
    return this.topicCache.get(code, () => this.topics.findOneBy({ code }));
  }
}

/** A topic's attribute list as stored, or 422 naming what the DTO's constraints cannot see. */
function topicAttributes(defs: TopicAttribute[]): TopicAttribute[] {
  const errors = checkTopicAttributes(defs);
  if (errors.length > 0) throw AppError.validation(errors);
  return normalizeTopicAttributes(defs);
}
