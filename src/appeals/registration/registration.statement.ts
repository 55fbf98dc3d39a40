import type { EntityManager } from 'typeorm';
import { PICK_OFFICER_SQL, staffRowsSql } from '../../assignment/officer-pick.sql';
import type { AuditRow } from '../../audit/audit.service';
import { AuditEvent } from '../../audit/audit-event.entity';
import { Notification } from '../../notifications/notification.entity';
import { AppealEvent } from '../appeal-event.entity';
import { Appeal } from '../appeal.entity';
import type { RowClockName } from '../clocks/clock.registry';
import { IdempotencyKey } from '../idempotency-key.entity';
import { numberSql } from '../reg-number';
import { insertSql, Params, sql, type Statement } from './sql-parts';

/**
 * Everything one registration writes, as data. Texts that mention the registration number
 * (notices, the joined-duplicate event, the remembered response) carry `placeholders.number`
 * where it goes: the number exists only inside the statement.
 */
export interface RegistrationWrite {
  year: number;
  numberTemplate: string;
  letterNumberTemplate: string;
  placeholders: ResponsePlaceholders;
  /** The appeal row; its number, sequence and (when routed) status, officer and version come from the statement. */
  appeal: Appeal;
  /** The `registered` event. */
  registered: AppealEvent;
  /** Route to the least loaded officer of the department (SPEC §7); null: stay as decided. */
  routing: {
    departmentId: string;
    at: Date;
    reason: string;
    /** The assignment notice to the officer and the heads (the same text for each). */
    staffNotice: { subject: string; body: string };
  } | null;
  /** The clock rows the appeal starts with (issue 19). */
  clocks: RegistrationClock[];
  /**
   * The remembered response's `clocks` when they depend on the officer picked: as JSON text with
   * an officer and without one (the forwarding clock runs only while nobody has the appeal).
   */
  clocksJson: { assigned: string; queued: string } | null;
  /** A duplicate joins the open case: the event in the original's history. */
  joined: AppealEvent | null;
  /** The applicant's notice (acknowledgement, duplicate or rejection); by post also a letter. */
  notice: Notification | null;
  audit: AuditRow;
  /** The response remembered for the Idempotency-Key, as the JSON text to be sent. */
  remembered: (Omit<IdempotencyKey, 'createdAt' | 'response'> & { response: string }) | null;
}

/** Placeholders in the remembered response for what only the statement knows. */
export interface ResponsePlaceholders {
  number: string;
  status: string;
  assigneeId: string;
  version: string;
  clocks: string;
}

/** A clock row a new appeal starts with; `unlessAssigned`: only when no officer is picked. */
export interface RegistrationClock {
  name: RowClockName;
  dueDate: string;
  /** The due time of a clock that runs in hours (the inspection, issue 23); else null. */
  dueAt: Date | null;
  unlessAssigned: boolean;
}

/** What the statement answers. */
export interface RegisteredRow {
  seq: number | string;
  number: string;
  assignee_id: string | null;
}

/**
 * The registration's final statement, top to bottom (SPEC §5, §7, §8). It is one statement
 * because the year's counter row stays locked from its increment to COMMIT and every other
 * registration queues on it: nothing may return to this process while it is held (issue 10,
 * docs/benchmarks.md). Data-modifying CTEs run once each; one that reads another's rows runs
 * after it, which keeps the history in order. Foreign keys are checked at the end (files were
 * linked to the appeal before it existed: their key is deferred).
 */
export function registrationStatement(em: EntityManager, w: RegistrationWrite): Statement {
  const p = new Params();
  const ctes: string[] = [];
  const cte = (name: string, body: string, materialized = false): void => {
    ctes.push(`${name} AS ${materialized ? 'MATERIALIZED ' : ''}(${body})`);
  };
  let numberToken: string | null = null;
  /** A text with the number put in where the placeholder is. */
  const withNumber = (text: string): string => {
    numberToken ??= p.add(w.placeholders.number);
    return `replace(${p.add(text)}, ${numberToken}::text, (SELECT number FROM numbered))`;
  };

  // 1. The number: a gap-free yearly sequence (SPEC §5). The counter row's lock serialises
  //    registrations of the year until COMMIT.
  cte(
    'counter',
    `INSERT INTO reg_counters (year, last_seq) VALUES (${p.add(w.year)}, 1)
     ON CONFLICT (year) DO UPDATE SET last_seq = reg_counters.last_seq + 1
     RETURNING last_seq`,
  );
  cte(
    'numbered',
    `SELECT last_seq AS seq, ${numberSql(w.numberTemplate, w.year, 'last_seq')} AS number
       FROM counter`,
    true,
  );

  // 2. The officer (SPEC §7): the department's staff rows locked in id order after the counter
  //    (the same lock order in every registration: no deadlock), then the policy's choice.
  //    Nobody available: no `pick` row, and the appeal stays `registered` in the queue.
  const routing = w.routing;
  if (routing) {
    cte(
      'staff',
      `SELECT st.* FROM numbered, LATERAL (${staffRowsSql(p.add(routing.departmentId))}
         ORDER BY id FOR NO KEY UPDATE) st`,
      true,
    );
    cte('pick', PICK_OFFICER_SQL, true);
  }
  const pickedStatus = `coalesce((SELECT 'assigned'::text FROM pick), 'registered')`;
  const pickedVersion = `(${w.appeal.version} + (SELECT count(*) FROM pick))::int`;

  // 3. The appeal.
  cte(
    'appeal',
    `${insertSql(
      em,
      Appeal,
      [
        {
          ...w.appeal,
          regSeq: sql('(SELECT seq FROM numbered)'),
          regNumber: sql('(SELECT number FROM numbered)'),
          ...(routing
            ? {
                status: sql(pickedStatus),
                assigneeId: sql('(SELECT id FROM pick)'),
                version: sql(pickedVersion),
              }
            : {}),
        },
      ],
      p,
    )} RETURNING id`,
  );

  // 4. Its history: `registered`, then — after it — the automatic assignment.
  cte('history', `${insertSql(em, AppealEvent, [w.registered], p)} RETURNING id`);
  if (routing) {
    cte(
      'assigned',
      `INSERT INTO appeal_events (appeal_id, type, from_status, to_status, reason, data, at)
       SELECT ${p.add(w.appeal.id)}, 'status_changed', 'registered', 'assigned', ${p.add(routing.reason)},
              jsonb_build_object('assigneeId', pick.id), ${p.add(routing.at)}
         FROM pick WHERE EXISTS (SELECT 1 FROM history)`,
    );
    cte(
      'officer_used',
      `UPDATE users SET last_assigned_at = ${p.add(routing.at)} FROM pick WHERE users.id = pick.id`,
    );
    // The officer and the department's heads hear of it, by e-mail (SPEC §8).
    cte(
      'staff_notices',
      `INSERT INTO notifications (appeal_id, kind, audience, recipient_user_id, channel,
                                  recipient, subject, body, status, attempts, next_attempt_at)
       SELECT ${p.add(w.appeal.id)}, 'assignment', 'staff', staff.id, 'email', staff.email,
              ${withNumber(routing.staffNotice.subject)}, ${withNumber(routing.staffNotice.body)},
              'pending', 0, ${p.add(routing.at)}
         FROM staff, pick
        WHERE staff.email IS NOT NULL AND (staff.id = pick.id OR 'head' = ANY(staff.roles))
        ORDER BY staff.id`,
    );
  }

  // 4b. Its legal clocks (issue 19): the forwarding check only while nobody has the appeal.
  if (w.clocks.length > 0) {
    const unpicked = routing ? 'NOT EXISTS (SELECT 1 FROM pick)' : 'true';
    cte(
      'clocks',
      `INSERT INTO appeal_clocks (appeal_id, name, due_date, due_at, started_at)
       SELECT ${p.add(w.appeal.id)}, c.name, c.due_date, c.due_at, ${p.add(w.appeal.registeredAt)}
         FROM unnest(${p.add(w.clocks.map((c) => c.name))}::text[],
                     ${p.add(w.clocks.map((c) => c.dueDate))}::date[],
                     ${p.add(w.clocks.map((c) => c.dueAt))}::timestamptz[],
                     ${p.add(w.clocks.map((c) => c.unlessAssigned))}::boolean[])
              AS c(name, due_date, due_at, unless_assigned)
        WHERE NOT c.unless_assigned OR ${unpicked}`,
    );
  }

  // 5. A duplicate joins the open case: the original's history records it (SPEC §4).
  if (w.joined) {
    cte(
      'joined',
      insertSql(
        em,
        AppealEvent,
        [
          {
            ...w.joined,
            reason: sql(withNumber(w.joined.reason ?? '')),
            data: sql(`(${withNumber(JSON.stringify(w.joined.data))})::jsonb`),
          },
        ],
        p,
      ),
    );
  }

  // 6. The applicant's notice (SPEC §8); by post, a numbered letter to print (SPEC §7).
  if (w.notice) {
    cte(
      'notice',
      `${insertSql(
        em,
        Notification,
        [
          {
            ...w.notice,
            subject: sql(withNumber(w.notice.subject)),
            body: sql(withNumber(w.notice.body)),
          },
        ],
        p,
      )} RETURNING id, appeal_id, recipient, subject, body`,
    );
    if (w.notice.channel === 'post') {
      cte(
        'letter_counter',
        `INSERT INTO letter_counters (year, last_seq) VALUES (${p.add(w.year)}, 1)
         ON CONFLICT (year) DO UPDATE SET last_seq = letter_counters.last_seq + 1
         RETURNING last_seq`,
      );
      cte(
        'letter',
        `INSERT INTO outgoing_letters (number, appeal_id, notification_id, address, subject, body)
         SELECT ${numberSql(w.letterNumberTemplate, w.year, 'letter_counter.last_seq')},
                notice.appeal_id, notice.id, notice.recipient, notice.subject, notice.body
           FROM letter_counter, notice`,
      );
    }
  }

  // 7. The audit log (152-ФЗ).
  cte('audit', insertSql(em, AuditEvent, [w.audit], p));

  // 8. The response, remembered for a retry with the same Idempotency-Key (SPEC §14), with
  //    what only this statement knows put in: the number and, when routed, the officer.
  if (w.remembered) {
    const { placeholders: ph } = w;
    let response = `replace(${p.add(w.remembered.response)}, ${p.add(JSON.stringify(ph.number))},
      to_json((SELECT number FROM numbered))::text)`;
    if (routing) {
      response = `replace(${response}, ${p.add(JSON.stringify(ph.status))}, to_json(${pickedStatus})::text)`;
      response = `replace(${response}, ${p.add(JSON.stringify(ph.assigneeId))},
        coalesce(to_json((SELECT id FROM pick))::text, 'null'))`;
      response = `replace(${response}, ${p.add(JSON.stringify(ph.version))}, ${pickedVersion}::text)`;
      if (w.clocksJson) {
        response = `replace(${response}, ${p.add(JSON.stringify(ph.clocks))},
          CASE WHEN EXISTS (SELECT 1 FROM pick) THEN ${p.add(w.clocksJson.assigned)}::text
               ELSE ${p.add(w.clocksJson.queued)}::text END)`;
      }
    }
    cte(
      'remembered',
      insertSql(em, IdempotencyKey, [{ ...w.remembered, response: sql(`(${response})::json`) }], p),
    );
  }

  const assignee = routing ? '(SELECT id FROM pick)' : 'NULL::uuid';
  return {
    sql: `WITH ${ctes.join(',\n')}\nSELECT seq, number, ${assignee} AS assignee_id FROM numbered`,
    params: p.values,
  };
}
