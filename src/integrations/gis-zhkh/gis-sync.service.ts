import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiKeysService } from '../../api-keys/api-keys.service';
import { DataSource, In } from 'typeorm';
import { AppealsService } from '../../appeals/appeals.service';
import type { RejectionReason } from '../../appeals/appeal.enums';
import { intakeFailureSummary, isPermanentIntakeFailure } from '../../common/errors/intake-failure';
import type { RequestContext } from '../../common/http/request-context';
import { Clock } from '../../common/time/clock';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { isUniqueViolationError } from '../../database/pg-errors';
import { IntakeService } from '../../intake/intake.service';
import { JobsService } from '../../jobs/jobs.service';
import { addDays, localDateInZone } from '../../common/time/local-date';
import {
  ANSWERER_UNKNOWN,
  answererTable,
  eventToActions,
  resolveAnswerers,
  gisAppealToCreateBody,
  transportGuidsOf,
  type MirroredAppeal,
  type MirroredEvent,
} from './gis-appeal.mapper';
import { GisAppealsClient, type Signer } from './gis-client';
import { GisError } from './gis-error';
import { gisGatewayOptions } from './signing/gis-gateway';
import type { GisFileStoreClient } from './gis-file-store';
import { GisFilesService } from './gis-files.service';
import { GisImportedAppeal } from './gis-imported-appeal.entity';
import { GisOrgRegistryService, orgGuidsOf } from './gis-org-registry.service';
import { kindForGisTopic } from './gis-topic-kinds';
import { splitImportActions } from './gis-messages';
import { GisOutbox } from './gis-outbox.entity';
import { GisSyncState } from './gis-sync-state.entity';
import { holdInvalid, invalidActions } from './gis-outbox-validation';
import { GIS_OUTGOING_SIGNER, isXsdInvalid } from './gis-xsd-signer';
import { GisXsdValidator } from './gis-xsd-validator';
import type { GisAppeal, GisImportResult } from './gis-types';

/** Provider token of the message signer (production: an external XAdES/ГОСТ signer). */
export const GIS_SIGNER = Symbol('GIS_SIGNER');

export const GIS_API_KEY_NAME = 'ГИС ЖКХ';
const STATE_ID = 1;
/** Attempts before an outbox row is left for an operator (status stays `failed`). */
export const GIS_OUTBOX_MAX_ATTEMPTS = 10;
const OUTBOX_BATCH = 1000;
const EVENT_BATCH = 5000;
/**
 * appeal_events ids come from a sequence and commit out of order: an event of a transaction
 * still open during a scan can get an id below the mark. Each scan re-reads this many ids below
 * the mark; enqueueing is idempotent (unique TransportGUID), so a re-read costs nothing.
 */
const EVENT_RESCAN = 1000;

export type GisSyncCounts = Record<string, number>;

/**
 * The ГИС ЖКХ sync job (SPEC §11): mirror our events to the outbox, import new appeals by
 * creation-date window, send the outbox. Runs under the jobs advisory lock, so once across
 * instances; every step is idempotent, so a crash anywhere means repeating, never losing.
 */
@Injectable()
export class GisSyncService implements OnModuleInit {
  private readonly logger = new Logger(GisSyncService.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly intake: IntakeService,
    private readonly appeals: AppealsService,
    private readonly jobs: JobsService,
    private readonly apiKeys: ApiKeysService,
    // GIS_SIGNER behind XSD validation (gis-xsd-signer.ts, GIS_ZHKH_VALIDATE_OUTGOING).
    @Inject(GIS_OUTGOING_SIGNER) private readonly signer: Signer,
    private readonly validator: GisXsdValidator,
    private readonly files: GisFilesService,
    private readonly orgRegistry: GisOrgRegistryService,
  ) {}

  onModuleInit(): void {
    this.jobs.register('gis-zhkh-sync', (now) => this.run(now));
  }

  async run(now: Date): Promise<GisSyncCounts> {
    const { endpoint, orgPPAGUID } = this.config.gis;
    if (!endpoint || !orgPPAGUID) return { disabled: 1 };
    const client = new GisAppealsClient({
      endpoint,
      orgPPAGuid: orgPPAGUID,
      signer: this.signer,
      timeoutMs: this.config.gis.requestTimeoutMs,
      ...gisGatewayOptions(this.config.gis.gateway),
      defaultPoll: { backoffMs: this.config.gis.pollBackoffMs },
      logger: {
        debug: (m) => this.logger.debug(m),
        warn: (m) => this.logger.warn(m),
      },
    });
    await this.ds.query('INSERT INTO gis_sync_state (id) VALUES ($1) ON CONFLICT (id) DO NOTHING', [
      STATE_ID,
    ]);
    // Files (an appeal's, an answer's) go through the REST file store, by the same gateway.
    const store = this.files.client(gisGatewayOptions(this.config.gis.gateway));
    const counts: GisSyncCounts = { enqueued: await this.enqueueFromEvents() };
    // Import and mirror are independent: a failed export must not hold our answers back.
    let importError: Error | null = null;
    try {
      Object.assign(counts, await this.importNew(client, now, store));
    } catch (e) {
      importError = e instanceof Error ? e : new Error('import failed');
    }
    // Legal-entity applicants registered while the registry was away get their names now.
    Object.assign(counts, await this.orgRegistry.resolvePendingApplicants(now));
    Object.assign(counts, await this.sendOutbox(client, store));
    if (importError) throw importError;
    return counts;
  }

  // ------------------------------------------------------------------------------- import

  /**
   * Exports the window [mark − 1 day, today], registers what is new, then moves the mark. An
   * appeal that can never be registered (a verdict on its content) is recorded in
   * gis_import_failures and skipped from then on, so it cannot hold the window; any other failure
   * keeps the mark where it is and the appeal is tried again next run (issue 19).
   */
  private async importNew(
    client: GisAppealsClient,
    now: Date,
    store: GisFileStoreClient | null,
  ): Promise<GisSyncCounts> {
    const state = await this.ds.getRepository(GisSyncState).findOneByOrFail({ id: STATE_ID });
    const today = localDateInZone(now, this.config.timeZone);
    // One day of overlap: appeals created on the mark's day after the last run are not lost.
    const start = state.exportHighWater
      ? addDays(state.exportHighWater, -1)
      : addDays(today, -this.config.gis.initialWindowDays);
    const startDate = start < today ? start : today;
    const { messageGuid } = await client.sendExportAppeals({
      by: 'period',
      startDate,
      endDate: today,
    });
    const result = await client.pollUntilDone(messageGuid);
    const ctx = await this.systemContext();
    const exported = result.nothingToExport ? [] : result.appeals;
    // Legal-entity applicants named before registering: one registry export for the window's
    // unknown or stale GUIDs; a registry failure leaves placeholders (resolved in a later run).
    await this.orgRegistry.resolve(orgGuidsOf(exported));
    const recorded = await this.recordedFailures(exported.map((a) => a.appealGuid));
    let imported = 0;
    let known = 0;
    let failed = 0;
    let givenUp = 0;
    let setAside = 0;
    for (const appeal of exported) {
      const prior = recorded.get(appeal.appealGuid.toLowerCase());
      if (prior?.permanent) {
        setAside += 1;
        continue;
      }
      try {
        if (await this.registerOne(appeal, ctx, store)) imported += 1;
        else known += 1;
        if (prior) await this.forgetFailure(appeal.appealGuid);
      } catch (e) {
        // Set aside only once recorded: the mark then moves past it.
        const permanent =
          isPermanentIntakeFailure(e) && (await this.recordFailure(appeal, e, true));
        if (permanent) givenUp += 1;
        else {
          failed += 1;
          await this.recordFailure(appeal, e, false);
        }
        // Identifiers only: the appeal's content is personal data.
        this.logger.error(
          { appealGuid: appeal.appealGuid, err: intakeFailureSummary(e) },
          permanent
            ? 'ГИС ЖКХ appeal refused for good: set aside in gis_import_failures'
            : 'ГИС ЖКХ appeal not registered: tried again next run',
        );
      }
    }
    if (failed > 0) {
      // The mark stays: the window is exported again next run; registered ones are skipped.
      throw new GisError(
        'invalid-request',
        'IMPORT_INCOMPLETE',
        `${failed} of ${result.appeals.length} appeal(s) not registered`,
        messageGuid,
      );
    }
    await this.ds.query(
      `UPDATE gis_sync_state
          SET export_high_water = GREATEST(coalesce(export_high_water, $2::date), $2::date),
              updated_at = now()
        WHERE id = $1`,
      [STATE_ID, today],
    );
    return {
      exported: result.appeals.length,
      imported,
      alreadyImported: known,
      givenUp,
      setAside,
    };
  }

  /** Failures recorded for these AppealGUIDs (lower case), permanent or not. */
  private async recordedFailures(guids: string[]): Promise<Map<string, { permanent: boolean }>> {
    if (guids.length === 0) return new Map();
    const rows = await this.ds.query<{ guid: string; permanent: boolean }[]>(
      `SELECT appeal_guid::text AS guid, permanent FROM gis_import_failures
        WHERE appeal_guid = ANY($1::uuid[])`,
      [guids],
    );
    return new Map(rows.map((r) => [r.guid.toLowerCase(), { permanent: r.permanent }]));
  }

  /**
   * Records a failed registration (codes only, never content); false when even that failed —
   * then a permanent failure is treated as transient, so the window does not move past an
   * appeal that nobody could find afterwards.
   */
  private async recordFailure(appeal: GisAppeal, e: unknown, permanent: boolean): Promise<boolean> {
    const now = this.clock.now();
    try {
      await this.ds.query(
        `INSERT INTO gis_import_failures
                (appeal_guid, appeal_number, permanent, attempts, error, first_failed_at,
                 last_failed_at)
         VALUES ($1, $2, $3, 1, $4, $5, $5)
         ON CONFLICT (appeal_guid) DO UPDATE
            SET permanent = EXCLUDED.permanent, attempts = gis_import_failures.attempts + 1,
                error = EXCLUDED.error, last_failed_at = EXCLUDED.last_failed_at`,
        [
          appeal.appealGuid,
          appeal.appealNumber,
          permanent,
          intakeFailureSummary(e).slice(0, 500),
          now,
        ],
      );
      return true;
    } catch (recordError) {
      this.logger.warn(
        { appealGuid: appeal.appealGuid, err: intakeFailureSummary(recordError) },
        'ГИС ЖКХ import failure not recorded',
      );
      return false;
    }
  }

  private async forgetFailure(appealGuid: string): Promise<void> {
    await this.ds.query('DELETE FROM gis_import_failures WHERE appeal_guid = $1', [appealGuid]);
  }

  /** Registers one exported appeal unless it is already ours; true when it was new. */
  private async registerOne(
    appeal: GisAppeal,
    ctx: RequestContext,
    store: GisFileStoreClient | null,
  ): Promise<boolean> {
    const imported = this.ds.getRepository(GisImportedAppeal);
    if (await imported.existsBy({ appealGuid: appeal.appealGuid })) return false;
    // Downloaded first, registered with the appeal in one transaction: an appeal never exists
    // without its files. A failed download is transient: the appeal is tried again next run.
    const { files, refused } = await this.files.downloadAppealFiles(store, appeal);
    const body = {
      ...gisAppealToCreateBody(appeal, this.config.timeZone, this.clock.now(), {
        organizations: await this.orgRegistry.applicantsFor(appeal),
      }),
      // The kind decides the term (SPEC §6): from the НСИ 220 topic where it is configured.
      kind: kindForGisTopic(appeal.topic, this.config.gis.topicKinds),
    };
    try {
      await this.intake.register(body, files, ctx, undefined, async (em, registered) => {
        await em.insert(GisImportedAppeal, {
          appealGuid: appeal.appealGuid,
          appealId: registered.id,
          appealNumber: appeal.appealNumber,
        });
        if (refused.length > 0) {
          // As for e-mail: the files are named in the history, the appeal is registered.
          await this.appeals.addEvent(em, registered.id, ctx.principal, {
            type: 'attachments_refused',
            at: this.clock.now(),
            reason: 'Вложения недопустимого типа или размера не сохранены',
            data: { files: refused.join(', ') },
          });
        }
        // ExecutionEndDate is an upper bound on our term (SPEC §6: the earliest wins).
        const end = appeal.executionEndDate;
        if (end && registered.dueDate && end < registered.dueDate) {
          await this.appeals.setDueDate(
            em,
            registered,
            end,
            null,
            'Срок ГИС ЖКХ (ExecutionEndDate)',
            { executionEndDate: end },
          );
        }
      });
    } catch (e) {
      // Registered concurrently (another instance's manual run): the first one wins.
      if (isUniqueViolationError(e)) {
        if (await imported.existsBy({ appealGuid: appeal.appealGuid })) return false;
      }
      throw e;
    }
    return true;
  }

  /** The channel's own integration client (see ApiKeysService.systemClient). */
  private async systemContext(): Promise<RequestContext> {
    const principal = await this.apiKeys.systemClient(
      GIS_API_KEY_NAME,
      'gis_zhkh_system',
      'gis_zhkh',
    );
    return { principal, requestId: null };
  }

  // ------------------------------------------------------------------------------- mirror

  /** Turns new events of ГИС appeals into outbox rows; returns how many rows were added. */
  private async enqueueFromEvents(): Promise<number> {
    const [state] = await this.ds.query<{ mark: string }[]>(
      'SELECT event_high_water AS mark FROM gis_sync_state WHERE id = $1',
      [STATE_ID],
    );
    const mark = BigInt(state.mark);
    let from = mark > BigInt(EVENT_RESCAN) ? mark - BigInt(EVENT_RESCAN) : 0n;
    let added = 0;
    let top = mark;
    for (;;) {
      const rows = await this.ds.query<EventRow[]>(
        `SELECT e.id, e.type, e.to_status, e.reason, e.actor_user_id, e.data, e.appeal_id,
                a.external_refs->>'appealGuid' AS appeal_guid, a.assignee_id, a.answer_text,
                a.rejection_reason, a.external_refs->>'appealNumber' AS appeal_number,
                CASE WHEN e.to_status = 'answered' THEN (
                  SELECT coalesce(jsonb_agg(jsonb_build_object('id', f.id, 'fileName', f.file_name)
                                            ORDER BY f.created_at, f.id), '[]'::jsonb)
                    FROM attachments f
                   WHERE f.appeal_id = a.id AND f.purpose = 'answer' AND f.status = 'stored'
                ) END AS answer_files,
                -- the start of work stands for Performer only if no assignment did before
                CASE WHEN e.to_status = 'in_progress' THEN EXISTS (
                  SELECT 1 FROM appeal_events p
                   WHERE p.appeal_id = e.appeal_id AND p.id < e.id
                     AND p.type = 'status_changed' AND p.to_status = 'assigned'
                ) ELSE true END AS performer_before,
                d.reg_number AS joined_reg_number, d.due_date::text AS joined_due_date
           FROM appeal_events e
           JOIN appeals a ON a.id = e.appeal_id
           LEFT JOIN appeals d ON d.id = a.duplicate_of_id
          WHERE e.id > $1 AND a.channel = 'gis_zhkh' AND a.external_refs ? 'appealGuid'
          ORDER BY e.id
          LIMIT $2`,
        [from.toString(), EVENT_BATCH],
      );
      if (rows.length === 0) break;
      const drafts = rows.flatMap((r) =>
        eventToActions(eventOf(r), appealOf(r)).map((d) => ({ row: r, draft: d })),
      );
      if (drafts.length > 0) {
        const inserted = await this.ds
          .createQueryBuilder()
          .insert()
          .into(GisOutbox)
          .values(
            drafts.map(({ row, draft }) => ({
              appealId: row.appeal_id,
              eventId: row.id,
              action: draft.action.kind,
              payload: draft.action,
              transportGuid: draft.transportGuid,
              status: draft.heldBecause ? ('held' as const) : ('pending' as const),
              lastError: draft.heldBecause ?? null,
            })),
          )
          .orIgnore()
          .returning('id')
          .execute();
        added += (inserted.raw as unknown[]).length;
      }
      from = BigInt(rows[rows.length - 1].id);
      if (from > top) top = from;
      if (rows.length < EVENT_BATCH) break;
    }
    if (top > mark) {
      await this.ds.query(
        'UPDATE gis_sync_state SET event_high_water = $2, updated_at = now() WHERE id = $1',
        [STATE_ID, top.toString()],
      );
    }
    return added;
  }

  /**
   * The rows with the ГИС ЖКХ employee GUIDs put in place of the answerer placeholders
   * (`resolveAnswerers`); a row with an answerer nobody mapped — and no organisation answerer
   * configured — is held with ANSWERER_UNKNOWN instead of being sent for ГИС to refuse.
   */
  private async withAnswerers(rows: GisOutbox[]): Promise<GisOutbox[]> {
    if (rows.length === 0) return rows;
    const users = await this.ds.query<{ id: string; guid: string | null }[]>(
      'SELECT id, gis_answerer_guid AS guid FROM users',
    );
    const table = answererTable(
      users.map((u) => ({ id: u.id, gisAnswererGuid: u.guid })),
      this.config.gis.answererGuid,
    );
    const ready: GisOutbox[] = [];
    const held: string[] = [];
    for (const row of rows) {
      const { action, unresolved } = resolveAnswerers(row.payload, table);
      if (unresolved) held.push(row.id);
      else ready.push(Object.assign(row, { payload: action }));
    }
    if (held.length > 0) {
      await this.ds.getRepository(GisOutbox).update(
        { id: In(held) },
        {
          status: 'held',
          lastError:
            `${ANSWERER_UNKNOWN}: сотрудник не сопоставлен с сотрудником ГИС ЖКХ — укажите ` +
            'gisAnswererGuid в PATCH /users/{id} или GIS_ZHKH_ANSWERER_GUID',
        },
      );
    }
    return ready;
  }

  /**
   * Sends due outbox rows. A row that was acknowledged before (message_guid set, no result yet)
   * is polled again instead of resent, so a crash between ack and result sends nothing twice.
   */
  private async sendOutbox(
    client: GisAppealsClient,
    store: GisFileStoreClient | null,
  ): Promise<GisSyncCounts> {
    const repo = this.ds.getRepository(GisOutbox);
    const counts = { sent: 0, sendFailed: 0, awaiting: 0, held: 0 };
    // Answers held as too long before they could go as files now go as files.
    await this.files.releaseTooLong();
    // Rows waiting for an answerer's mapping are looked at again: one made since then applies.
    await repo
      .createQueryBuilder()
      .update()
      .set({ status: 'pending', lastError: null })
      .where("status = 'held' AND last_error LIKE :code", { code: `${ANSWERER_UNKNOWN}%` })
      .execute();
    const due = await repo
      .createQueryBuilder('o')
      .where('o.status IN (:...statuses)', { statuses: ['pending', 'failed'] })
      .andWhere('o.attempts < :max', { max: GIS_OUTBOX_MAX_ATTEMPTS })
      .orderBy('o.id')
      .limit(OUTBOX_BATCH)
      .getMany();
    const awaiting = new Map<string, GisOutbox[]>();
    const fresh: GisOutbox[] = [];
    for (const row of due) {
      if (row.status === 'pending' && row.messageGuid) {
        awaiting.set(row.messageGuid, [...(awaiting.get(row.messageGuid) ?? []), row]);
      } else fresh.push(row);
    }
    for (const [messageGuid, rows] of awaiting) {
      await this.settle(client, messageGuid, rows, counts);
    }
    const answered = await this.withAnswerers(fresh);
    counts.held = fresh.length - answered.length;
    // The answers' files are uploaded now; a row whose upload failed is retried next run.
    const { ready, failed } = await this.files.withFiles(store, answered);
    for (const f of failed) await this.markFailed([f.row], f.error);
    counts.sendFailed += failed.length;
    const byGuid = new Map(ready.map((r) => [r.transportGuid, r]));
    const queue = splitImportActions(ready.map((r) => r.payload));
    for (let batch = queue.shift(); batch; batch = queue.shift()) {
      const rows = batch.map((a) => byGuid.get(a.transportGuid)!);
      let messageGuid: string;
      try {
        ({ messageGuid } = await client.sendImportAnswer(batch));
      } catch (e) {
        // Never signed nor sent: hold the actions that are invalid, send the rest of the batch.
        const invalid = isXsdInvalid(e) ? await invalidActions(this.validator, batch) : null;
        if (invalid && invalid.size > 0) {
          const held = await holdInvalid(this.ds.getRepository(GisOutbox), rows, invalid);
          this.logger.warn(
            { outboxIds: held.map((r) => r.id), count: held.length },
            'ГИС ЖКХ actions held: XSD_INVALID',
          );
          counts.held += held.length;
          const rest = batch.filter((a) => !invalid.has(a.transportGuid));
          if (rest.length > 0) queue.unshift(...splitImportActions(rest));
          continue;
        }
        // Not delivered (the signer, the gateway or ГИС unreachable): retried next run without
        // using up an attempt, so an outage, however long, never leaves a row for an operator.
        const delivered = !(e instanceof GisError && e.retryable);
        await this.markFailed(rows, errorText(e), false, delivered);
        counts.sendFailed += rows.length;
        continue;
      }
      // Recorded before polling: from here on the rows are «sent, result unknown».
      await repo.update({ id: In(rows.map((r) => r.id)) }, { messageGuid, status: 'pending' });
      await this.settle(client, messageGuid, rows, counts);
    }
    return counts;
  }

  private async settle(
    client: GisAppealsClient,
    messageGuid: string,
    rows: GisOutbox[],
    counts: { sent: number; sendFailed: number; awaiting: number },
  ): Promise<void> {
    const repo = this.ds.getRepository(GisOutbox);
    let results: GisImportResult[];
    try {
      results = (await client.pollUntilDone(messageGuid)).importResults;
    } catch (e) {
      if (e instanceof GisError && e.kind === 'error-message') {
        // ГИС processed the message and refused it as a whole: resend next run.
        await this.markFailed(rows, errorText(e), true);
        counts.sendFailed += rows.length;
      } else {
        // Not known yet (still processing, network): poll the same MessageGUID next run.
        await repo
          .createQueryBuilder()
          .update(GisOutbox)
          .set({ attempts: () => 'attempts + 1', lastError: errorText(e) })
          .whereInIds(rows.map((r) => r.id))
          .execute();
        counts.awaiting += rows.length;
      }
      return;
    }
    const byGuid = new Map(results.map((r) => [r.transportGuid.toLowerCase(), r]));
    const now = this.clock.now();
    for (const row of rows) {
      const mine = transportGuidsOf(row.payload).map((g) => byGuid.get(g.toLowerCase()));
      const errors = mine.flatMap((r) =>
        !r ? ['NO_RESULT'] : r.ok ? [] : r.errors.map((x) => `${x.code}: ${x.description}`),
      );
      if (errors.length === 0) {
        await repo.update(row.id, { status: 'sent', sentAt: now, lastError: null });
        counts.sent += 1;
      } else {
        await this.markFailed([row], errors.join('; ').slice(0, 1000), true);
        counts.sendFailed += 1;
      }
    }
  }

  private async markFailed(
    rows: GisOutbox[],
    error: string,
    forgetMessage = false,
    countAttempt = true,
  ) {
    if (rows.length === 0) return;
    await this.ds
      .createQueryBuilder()
      .update(GisOutbox)
      .set({
        status: 'failed',
        ...(countAttempt ? { attempts: () => 'attempts + 1' } : {}),
        lastError: error.slice(0, 1000),
        ...(forgetMessage ? { messageGuid: null } : {}),
      })
      .whereInIds(rows.map((r) => r.id))
      .execute();
  }
}

interface EventRow {
  id: string;
  type: string;
  to_status: string | null;
  reason: string | null;
  actor_user_id: string | null;
  data: Record<string, unknown> | null;
  appeal_id: string;
  appeal_guid: string;
  assignee_id: string | null;
  answer_text: string | null;
  rejection_reason: RejectionReason | null;
  appeal_number: string | null;
  answer_files: Array<{ id: string; fileName: string }> | null;
  performer_before: boolean;
  joined_reg_number: string | null;
  joined_due_date: string | null;
}

const eventOf = (r: EventRow): MirroredEvent => ({
  id: r.id,
  type: r.type,
  toStatus: r.to_status,
  reason: r.reason,
  actorUserId: r.actor_user_id,
  data: r.data ?? {},
  performerBefore: r.performer_before,
});

const appealOf = (r: EventRow): MirroredAppeal => ({
  appealGuid: r.appeal_guid,
  assigneeId: r.assignee_id,
  answerText: r.answer_text,
  rejectionReason: r.rejection_reason,
  appealNumber: r.appeal_number,
  answerFiles: r.answer_files ?? [],
  joined: r.joined_reg_number
    ? { regNumber: r.joined_reg_number, dueDate: r.joined_due_date }
    : null,
});

/** Codes and our own descriptions only (GisError never carries a citizen's data). */
const errorText = (e: unknown): string =>
  e instanceof GisError
    ? `${e.kind} ${e.code}: ${e.description}`
    : e instanceof Error
      ? e.name
      : 'error';
