import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { OPEN_STATUSES } from '../appeals/appeal-status';
import { cappedDueDate } from '../appeals/authority-control';
import { AppealsService, type RecomputedDueDate } from '../appeals/appeals.service';
import type { Principal } from '../common/auth/principal';
import { type LocalDate, addDays, compareDates } from '../common/time/local-date';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { LockId } from '../database/lock-ids';
import { NotificationsService } from '../notifications/notifications.service';
import type { AppealKind } from './sla-policy.entity';
import { SlaPolicy } from './sla-policy.entity';
import { CalendarService, type CalendarChange, type DueDateRecompute } from './calendar.service';
import { computeDueDate } from './deadline';
import { extendedDueDate } from './extension.policy';
import type { ProductionCalendar } from './production-calendar';

/**
 * How far past a changed day an appeal's due date may lie and still depend on it: a `backward`
 * move crosses the run of days off before the last day (the New Year holidays are the longest),
 * and the changed day may be the last day itself. Only a pre-filter: whether a term really
 * depends on the change is decided by computing it with the calendar before and after.
 */
const SPAN_MARGIN_DAYS = 60;

const OPEN = OPEN_STATUSES.map((s) => `'${s}'`).join(', ');

/**
 * Open appeals whose term may depend on a changed day ($2…$3, registered before $3 in zone $1)
 * or whose date is provisional; by id, so batches lock rows in one order. Appeals without a
 * policy and not provisional are legacy imports with the previous system's own date: not ours to
 * recompute.
 */
const CANDIDATES_SQL = `
SELECT a.id FROM appeals a
 WHERE a.status IN (${OPEN}) AND a.due_date IS NOT NULL AND a.sla_policy_id IS NOT NULL
   AND $2::date IS NOT NULL AND a.due_date >= $2::date
   AND a.registered_at < ($3::date)::timestamp AT TIME ZONE $1
UNION
SELECT a.id FROM appeals a
 WHERE a.due_date_provisional AND a.status IN (${OPEN}) AND a.due_date IS NOT NULL
 ORDER BY id`;

/** One batch, locked for the rest of the transaction; rechecked, as it may have changed since. */
const BATCH_SQL = `
SELECT a.id, a.reg_number, a.kind, a.sla_policy_id, a.due_date::text AS due_date,
       a.due_date_provisional, (a.registered_at AT TIME ZONE $2)::date::text AS registered_on,
       a.assignee_id, a.authority_control->>'controlDate' AS control_date,
       a.term_due_date::text AS term_due_date
  FROM appeals a
 WHERE a.id = ANY($1::uuid[]) AND a.status IN (${OPEN}) AND a.due_date IS NOT NULL
 ORDER BY a.id
   FOR UPDATE OF a`;

/** Approved extensions in the order they were granted: replayed on the recomputed date. */
const EXTENSIONS_SQL = `
SELECT appeal_id, days FROM appeal_extensions
 WHERE appeal_id = ANY($1::uuid[]) AND status = 'approved'
 ORDER BY appeal_id, decided_at NULLS LAST, requested_at`;

/** The ГИС ЖКХ ExecutionEndDate that capped a term at registration (gis-sync.service.ts). */
const GIS_BOUNDS_SQL = `
SELECT appeal_id, min((data->>'executionEndDate')::date)::text AS bound FROM appeal_events
 WHERE appeal_id = ANY($1::uuid[]) AND type = 'due_date_changed' AND data ? 'executionEndDate'
 GROUP BY appeal_id`;

interface BatchRow {
  id: string;
  reg_number: string;
  kind: AppealKind;
  sla_policy_id: string | null;
  due_date: LocalDate;
  due_date_provisional: boolean;
  registered_on: LocalDate;
  assignee_id: string | null;
  /** A supervising authority's control date: caps the term (appeals/authority-control.ts). */
  control_date: LocalDate | null;
  /** Under a control: the term without it. */
  term_due_date: LocalDate | null;
}

/** An appeal's term as it was built: the registration date, the policy, what changed it since. */
interface Term {
  registeredOn: LocalDate;
  policy: SlaPolicy;
  /** ГИС ЖКХ's ExecutionEndDate: capped the term at registration, before any extension. */
  gisBound: LocalDate | null;
  extensions: number[];
}

/** The due date of a term on a calendar; `bound`: it is an outside date, not computed. */
function dueDateOf(term: Term, calendar: ProductionCalendar): { due: LocalDate; bound: boolean } {
  let due = computeDueDate(term.registeredOn, term.policy, calendar);
  let bound = false;
  if (term.gisBound && compareDates(term.gisBound, due) < 0) {
    due = term.gisBound;
    bound = true;
  }
  for (const days of term.extensions) {
    due = extendedDueDate(due, days, term.policy.nonWorkingDayPolicy, calendar);
    bound = false;
  }
  return { due, bound };
}

/** Dates from..to whose working status differs between the two calendars. */
export function changedDays(
  before: ProductionCalendar,
  after: ProductionCalendar,
  from: LocalDate,
  to: LocalDate,
): LocalDate[] {
  const out: LocalDate[] = [];
  for (let d = from; compareDates(d, to) <= 0; d = addDays(d, 1)) {
    if (before.isWorkingDay(d) !== after.isWorkingDay(d)) out.push(d);
  }
  return out;
}

/**
 * Recomputes open appeals' due dates after a change of the production calendar (issue 19): in
 * the change's transaction, every open appeal whose date came from the provisional calendar, or
 * whose term the change moves (computed with the calendar before and after: equal means
 * untouched), gets its new date, a history event and, if it moved earlier, a notice to its
 * assignee. In batches of CALENDAR_RECOMPUTE_BATCH. Also, daily, the provisional appeals a
 * registration on a stale instance may have left behind (calendar-check job).
 */
@Injectable()
export class DueDateRecomputeService implements DueDateRecompute {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly calendars: CalendarService,
    private readonly appeals: AppealsService,
    private readonly notifications: NotificationsService,
  ) {
    calendars.useRecompute(this);
  }

  afterCalendarChange(
    em: EntityManager,
    before: ProductionCalendar,
    after: ProductionCalendar,
    change: CalendarChange,
    actor: Principal | null,
  ): Promise<number> {
    const days = changedDays(before, after, change.from, change.to);
    const window =
      days.length > 0
        ? { from: addDays(days[0], -SPAN_MARGIN_DAYS), to: days[days.length - 1] }
        : null;
    return this.recompute(em, {
      before,
      after,
      window,
      reason: change.reason,
      cause: change.cause,
      actor,
    });
  }

  /**
   * The provisional appeals, with the calendar as it is now: those an import's own recompute
   * could not see (registered on another instance with its calendar not yet reloaded).
   */
  recomputeProvisional(): Promise<number> {
    return this.ds.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock($1)', [LockId.calendar]);
      const { calendar } = await this.calendars.load(em);
      return this.recompute(em, {
        before: null,
        after: calendar,
        window: null,
        reason: 'Проверка производственного календаря: срок уточнён',
        cause: 'check',
        actor: null,
      });
    });
  }

  private async recompute(
    em: EntityManager,
    r: {
      /** null: provisional appeals only. */
      before: ProductionCalendar | null;
      after: ProductionCalendar;
      window: { from: LocalDate; to: LocalDate } | null;
      reason: string;
      cause: CalendarChange['cause'] | 'check';
      actor: Principal | null;
    },
  ): Promise<number> {
    const tz = this.config.timeZone;
    const ids = (
      await em.query<{ id: string }[]>(CANDIDATES_SQL, [
        tz,
        r.window?.from ?? null,
        r.window?.to ?? null,
      ])
    ).map((row) => row.id);
    if (ids.length === 0) return 0;
    const policies = await em.getRepository(SlaPolicy).find();
    const byId = new Map(policies.map((p) => [p.id, p]));
    const byKind = new Map(policies.filter((p) => p.kind).map((p) => [p.kind!, p]));
    const batchSize = this.config.calendar.recomputeBatch;
    let changed = 0;
    for (let i = 0; i < ids.length; i += batchSize) {
      const batch = ids.slice(i, i + batchSize);
      const rows = await em.query<BatchRow[]>(BATCH_SQL, [batch, tz]);
      const extensions = new Map<string, number[]>();
      for (const e of await em.query<{ appeal_id: string; days: number }[]>(EXTENSIONS_SQL, [
        batch,
      ])) {
        extensions.set(e.appeal_id, [...(extensions.get(e.appeal_id) ?? []), e.days]);
      }
      const gisBounds = new Map(
        (await em.query<{ appeal_id: string; bound: LocalDate }[]>(GIS_BOUNDS_SQL, [batch])).map(
          (b) => [b.appeal_id, b.bound],
        ),
      );
      const changes: (RecomputedDueDate & { row: BatchRow })[] = [];
      for (const row of rows) {
        const policy =
          (row.sla_policy_id ? byId.get(row.sla_policy_id) : undefined) ?? byKind.get(row.kind);
        if (!policy) continue;
        const term: Term = {
          registeredOn: row.registered_on,
          policy,
          gisBound: gisBounds.get(row.id) ?? null,
          extensions: extensions.get(row.id) ?? [],
        };
        const next = r.after.track((c) => dueDateOf(term, c));
        if (!row.due_date_provisional) {
          // A firm date changes only when this change moves its term.
          if (!r.before || dueDateOf(term, r.before).due === next.value.due) continue;
        }
        // The mark describes the term, also under an authority's control (which caps it).
        const provisional = next.provisionalYears.length > 0 && !next.value.bound;
        const control = row.control_date ? { controlDate: row.control_date } : null;
        const due = cappedDueDate(next.value.due, control)!;
        const termDueDate = control ? next.value.due : null;
        if (
          due === row.due_date &&
          provisional === row.due_date_provisional &&
          termDueDate === (control ? (row.term_due_date ?? row.due_date) : null)
        ) {
          continue;
        }
        changes.push({
          id: row.id,
          from: row.due_date,
          to: due,
          termDueDate,
          provisionalBefore: row.due_date_provisional,
          provisional,
          row,
        });
      }
      await this.appeals.recordRecomputedDueDates(em, changes, r.actor, r.reason, {
        cause: r.cause,
      });
      await this.warnEarlier(em, changes);
      changed += changes.length;
    }
    return changed;
  }

  /** The assignee of an appeal whose date moved earlier is told (they may have less time). */
  private async warnEarlier(
    em: EntityManager,
    changes: (RecomputedDueDate & { row: BatchRow })[],
  ): Promise<void> {
    const earlier = changes.filter((c) => compareDates(c.to, c.from) < 0 && c.row.assignee_id);
    if (earlier.length === 0) return;
    const users = new Map(
      (
        await em.query<{ id: string; email: string | null }[]>(
          'SELECT id, email FROM users WHERE id = ANY($1::uuid[]) AND active',
          [[...new Set(earlier.map((c) => c.row.assignee_id!))]],
        )
      ).map((u) => [u.id, u]),
    );
    for (const c of earlier) {
      const user = users.get(c.row.assignee_id!);
      if (!user) continue;
      await this.notifications.enqueueStaff(
        em,
        user,
        { id: c.id, regNumber: c.row.reg_number, dueDate: c.to },
        'due_date_earlier',
        { registeredOn: c.row.registered_on, previousDueDate: c.from },
      );
    }
  }
}
