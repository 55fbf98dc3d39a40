import { Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';
import type { Topic } from '../departments/topic.entity';
import { CalendarService } from './calendar.service';
import { computeDueDate } from './deadline';
import { type LocalDate, compareDates, isLocalDate } from '../common/time/local-date';
import { SlaPoliciesService } from './sla-policies.service';
import type { AppealKind, SlaPolicy } from './sla-policy.entity';
import type { DeadlineDto } from './sla.dto';

@Injectable()
export class DeadlinesService {
  constructor(
    private readonly calendars: CalendarService,
    private readonly policies: SlaPoliciesService,
  ) {}

  /**
   * The deadline of an appeal registered on a local date: each applicable policy (the kind's,
   * the topic's) gives a date and the earliest wins (SPEC §6).
   */
  async deadlineFor(
    registeredOn: LocalDate,
    kind: AppealKind,
    topic: Topic | null,
  ): Promise<DeadlineDto> {
    if (!isLocalDate(registeredOn)) {
      throw AppError.validation([
        { field: 'registeredOn', code: 'INVALID_DATE', message: 'Несуществующая дата' },
      ]);
    }
    const applicable: SlaPolicy[] = [await this.policies.forKind(kind)];
    if (topic?.slaPolicyId) {
      const own = await this.policies.get(topic.slaPolicyId);
      if (own) applicable.push(own);
    }
    const calendar = await this.calendars.getCalendar();
    let best: { policy: SlaPolicy; dueDate: LocalDate; provisional: boolean } | null = null;
    for (const policy of applicable) {
      // A year the official calendar lacks never fails a deadline (issue 19): it is taken from
      // the provisional calendar (ТК ст. 112) and the date says so.
      const { value: dueDate, provisionalYears } = calendar.track((c) =>
        computeDueDate(registeredOn, policy, c),
      );
      if (!best || compareDates(dueDate, best.dueDate) < 0) {
        best = { policy, dueDate, provisional: provisionalYears.length > 0 };
      }
    }
    // applicable always holds the kind's policy, so best is set
    const { policy, dueDate, provisional } = best!;
    return {
      dueDate,
      provisional,
      termDays: policy.termDays,
      unit: policy.unit,
      policy: policy.nonWorkingDayPolicy,
      policyId: policy.id,
      policyName: policy.name,
      maxExtensionDays: policy.maxExtensionDays,
    };
  }
}
