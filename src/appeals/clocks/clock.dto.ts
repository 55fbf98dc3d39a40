import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OPEN_STATUSES } from '../appeal-status';
import type { Appeal } from '../appeal.entity';
import { REGISTRATION_DAYS } from '../../sla/extension.policy';
import {
  addDays,
  compareDates,
  localDateInZone,
  type LocalDate,
} from '../../common/time/local-date';
import type { AppealClock } from './appeal-clock.entity';
import { CLOCK_NAMES, type ClockName } from './clock.registry';

/** One legal clock of an appeal (SPEC §6, docs/sla.md «Clocks»). */
export class ClockDto {
  @ApiProperty({ enum: CLOCK_NAMES }) name: ClockName;
  @ApiProperty({ example: '2026-04-17', description: 'the last day of the term (local date)' })
  dueDate: string;
  @ApiPropertyOptional({
    format: 'date-time',
    description:
      'the due time of a clock that runs in hours (inspection, ПП 354 п. 108); absent otherwise',
  })
  dueAt?: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'when the decision the clock asks for was taken',
  })
  metAt: string | null;
  @ApiProperty({ description: 'met after dueDate, or ran (or runs) past it' }) late: boolean;
  @ApiProperty({ description: 'still waiting for its decision' }) running: boolean;
}

/** What the view needs of a clock row. */
export type ClockRow = Pick<AppealClock, 'name' | 'dueDate' | 'metAt' | 'stoppedAt' | 'late'> &
  Partial<Pick<AppealClock, 'dueAt'>>;

type ClockedAppeal = Pick<
  Appeal,
  'status' | 'dueDate' | 'answeredAt' | 'receivedAt' | 'registeredAt' | 'registrationLate'
>;

/**
 * The appeal's clocks in the contract's order: `registration` (always), `answer` (when it has a
 * term) and each row that is running, met or late. A clock that stopped on time without being
 * met (the forwarding check an officer's taking the appeal ended) no longer applies and is left
 * out. Pure: `today` and the zone are given.
 */
export function clocksOf(
  a: ClockedAppeal,
  rows: readonly ClockRow[],
  today: LocalDate,
  timeZone: string,
): ClockDto[] {
  const open = OPEN_STATUSES.includes(a.status);
  const out = new Map<ClockName, ClockDto>();
  out.set('registration', {
    name: 'registration',
    // 59-ФЗ ст. 8 ч. 2: within three days of receipt.
    dueDate: addDays(localDateInZone(a.receivedAt, timeZone), REGISTRATION_DAYS),
    metAt: a.registeredAt.toISOString(),
    late: a.registrationLate,
    running: false,
  });
  if (a.dueDate) {
    const answeredOn = a.answeredAt ? localDateInZone(a.answeredAt, timeZone) : null;
    out.set('answer', {
      name: 'answer',
      dueDate: a.dueDate,
      metAt: a.status === 'answered' && a.answeredAt ? a.answeredAt.toISOString() : null,
      late:
        a.status === 'answered' && answeredOn
          ? compareDates(answeredOn, a.dueDate) > 0
          : open && compareDates(today, a.dueDate) > 0,
      running: open,
    });
  }
  for (const r of rows) {
    const running = r.metAt === null && r.stoppedAt === null;
    const late = r.late || (running && compareDates(today, r.dueDate) > 0);
    if (!running && r.metAt === null && !late) continue;
    out.set(r.name, {
      name: r.name,
      dueDate: r.dueDate,
      ...(r.dueAt ? { dueAt: r.dueAt.toISOString() } : {}),
      metAt: r.metAt ? r.metAt.toISOString() : null,
      late,
      running,
    });
  }
  return CLOCK_NAMES.filter((n) => out.has(n)).map((n) => out.get(n)!);
}
