import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { AppealsService } from '../appeals/appeals.service';
import { AppError, type FieldError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import type { RequestContext } from '../common/http/request-context';
import { DepartmentsService } from '../departments/departments.service';
import { applicantDisplayName } from '../notifications/notifications.service';
import { AnswerTemplate } from './answer-template.entity';
import { renderTemplate, ruDate, unknownPlaceholders } from './answer-template.render';
import type {
  AnswerTemplatesQueryDto,
  CreateAnswerTemplateDto,
  RenderedAnswerTemplateDto,
  UpdateAnswerTemplateDto,
} from './answer-templates.dto';

/** Answer templates (issue 20): admins keep them, officers start an answer from one. */
@Injectable()
export class AnswerTemplatesService {
  constructor(
    @InjectRepository(AnswerTemplate) private readonly repo: Repository<AnswerTemplate>,
    private readonly departments: DepartmentsService,
    private readonly appeals: AppealsService,
  ) {}

  /** A topic's templates first, then the general ones; each by name (a short list). */
  async list(q: AnswerTemplatesQueryDto): Promise<AnswerTemplate[]> {
    const rows = await this.repo.find({
      where: q.topicCode ? [{ topicCode: q.topicCode }, { topicCode: IsNull() }] : {},
    });
    return rows.sort(
      (a, b) =>
        Number(a.topicCode === null) - Number(b.topicCode === null) ||
        (a.topicCode ?? '').localeCompare(b.topicCode ?? '') ||
        a.name.localeCompare(b.name, 'ru') ||
        a.id.localeCompare(b.id),
    );
  }

  async get(id: string): Promise<AnswerTemplate> {
    const t = await this.repo.findOneBy({ id });
    if (!t) throw new AppError(ErrorCode.ANSWER_TEMPLATE_NOT_FOUND);
    return t;
  }

  async create(dto: CreateAnswerTemplateDto): Promise<AnswerTemplate> {
    const topicCode = dto.topicCode ?? null;
    await this.check(topicCode, dto.text);
    return this.repo.save(this.repo.create({ topicCode, name: dto.name.trim(), text: dto.text }));
  }

  async update(id: string, dto: UpdateAnswerTemplateDto): Promise<AnswerTemplate> {
    const t = await this.get(id);
    if (dto.topicCode !== undefined) t.topicCode = dto.topicCode;
    if (dto.name !== undefined) t.name = dto.name.trim();
    if (dto.text !== undefined) t.text = dto.text;
    await this.check(dto.topicCode ?? null, dto.text ?? '');
    return this.repo.save(t);
  }

  async remove(id: string): Promise<void> {
    const { affected } = await this.repo.delete({ id });
    if (!affected) throw new AppError(ErrorCode.ANSWER_TEMPLATE_NOT_FOUND);
  }

  /** The template filled from an appeal the caller sees (the read is audited as any read). */
  async render(
    appealId: string,
    templateId: string,
    ctx: RequestContext,
  ): Promise<RenderedAnswerTemplateDto> {
    const appeal = await this.appeals.get(appealId, ctx);
    const t = await this.get(templateId);
    const text = renderTemplate(t.text, {
      regNumber: appeal.regNumber,
      registeredOn: ruDate(this.appeals.registeredOn(appeal)),
      applicantName: applicantDisplayName(appeal) ?? 'заявитель',
      dueDate: ruDate(appeal.dueDate),
    });
    return { templateId: t.id, appealId: appeal.id, text };
  }

  /** An unknown topic or placeholder is a 422 on its field, before anything is stored. */
  private async check(topicCode: string | null, text: string): Promise<void> {
    const errors: FieldError[] = [];
    if (topicCode !== null && !(await this.departments.findTopicByCode(topicCode))) {
      errors.push({ field: 'topicCode', code: 'UNKNOWN_TOPIC', message: 'Нет такой тематики' });
    }
    const unknown = unknownPlaceholders(text);
    if (unknown.length > 0) {
      errors.push({
        field: 'text',
        code: 'UNKNOWN_PLACEHOLDER',
        message: `Неизвестные подстановки: ${unknown.map((n) => `{{${n}}}`).join(', ')}`,
      });
    }
    if (errors.length > 0) throw AppError.validation(errors);
  }
}
