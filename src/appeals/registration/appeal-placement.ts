import { Inject, Injectable } from '@nestjs/common';
import { AppError, type FieldError } from '../../common/errors/app-error';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { DepartmentsService } from '../../departments/departments.service';
import type { Topic } from '../../departments/topic.entity';
import type { AppealDraft } from '../appeal-draft';
import type { Appeal } from '../appeal.entity';
import type { AppealKind } from '../../sla/sla-policy.entity';

/** Where a new or imported appeal belongs: its topic and its department (SPEC §7 routing). */
@Injectable()
export class AppealPlacement {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly departments: DepartmentsService,
  ) {}

  /** The topic of that code; 422 UNKNOWN_TOPIC for a code we do not have. */
  async topic(code: string | null): Promise<Topic | null> {
    if (!code) return null;
    const topic = await this.departments.findTopicByCode(code);
    if (!topic) {
      throw AppError.validation([
        { field: 'topicCode', code: 'UNKNOWN_TOPIC', message: `Неизвестная тематика «${code}»` },
      ]);
    }
    return topic;
  }

  /**
   * The topic's department, else the default one. A quality-violation report goes to the
   * department acting as the emergency dispatch service (ПП 354 п. 105–108: it registers the
   * report and agrees the inspection), whatever its topic, when that department exists.
   */
  async departmentFor(topic: Topic | null, kind?: AppealKind): Promise<string | null> {
    if (kind === 'quality_report') {
      const dispatch = await this.departments.findByCode(
        this.config.quality.dispatchDepartmentCode,
      );
      if (dispatch) return dispatch.id;
    }
    if (topic) return topic.departmentId;
    return (await this.departments.findByCode(this.config.defaultDepartmentCode))?.id ?? null;
  }
}

/** The appeal's own fields, as the applicant gave them (normalised by intake). */
export function fieldsFromDraft(d: AppealDraft, validationIssues: FieldError[]): Partial<Appeal> {
  return {
    channel: d.channel,
    kind: d.kind,
    applicant: { ...d.applicant },
    applicantEmailNorm: d.applicantEmailNorm,
    accountNumber: d.accountNumber,
    accountNumberNorm: d.accountNumberNorm,
    applicantNameNorm: d.applicantNameNorm,
    serviceAddressNorm: d.serviceAddressNorm,
    serviceAddress: d.serviceAddress,
    topicCode: d.topicCode,
    subject: d.subject,
    text: d.text,
    replyChannel: d.replyChannel,
    externalRefs: d.externalRefs,
    authorityControl: d.authorityControl,
    incomingLetter: d.incomingLetter,
    qualityReport: d.qualityReport
      ? {
          ...d.qualityReport,
          description: d.qualityReport.description ?? null,
          agreed: null,
          act: null,
        }
      : null,
    coApplicants: d.coApplicants,
    attributes: d.attributes,
    checks: [],
    validationIssues,
  };
}
