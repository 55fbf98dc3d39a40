import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { decodeCursor, encodeCursor } from '../common/http/pagination';
import { restrictToVisibleAppeals } from '../appeals/appeal-visibility';
import type { Principal, StaffPrincipal } from '../common/auth/principal';
import { numberSql } from '../appeals/reg-number';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import { Clock } from '../common/time/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { localDateInZone, yearOf } from '../common/time/local-date';
import type { Appeal } from '../appeals/appeal.entity';
import type { Notification } from './notification.entity';
import { OutgoingLetter } from './outgoing-letter.entity';

/** A letter as its print form reads it: with its notice (the audience) and its appeal. */
export type PrintableLetter = OutgoingLetter & { appeal: Appeal; notification: Notification };

/** Outgoing paper letters: numbered when written, listed until printed (SPEC §7). */
@Injectable()
export class LettersService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * A letter for a postal notice, numbered from its own gap-free yearly sequence. Its address,
   * subject and body are copied from the stored notice, not from `notice`: a registration's notice
   * is written by the registration's final statement, where its number replaces a placeholder that
   * the object in memory still holds (issue 17: every acknowledgement letter was printed with it).
   */
  async create(
    em: EntityManager,
    notice: Pick<Notification, 'id'>,
    number?: string,
  ): Promise<void> {
    if (number !== undefined) {
      // Numbered beforehand (takeNumber): a transmittal letter quotes its own number in its text.
      const [row] = await em.query<unknown[]>(
        `INSERT INTO outgoing_letters (number, appeal_id, notification_id, address, subject, body)
         SELECT $2, n.appeal_id, n.id, n.recipient, n.subject, n.body FROM notifications n
          WHERE n.id = $1
         RETURNING 1`,
        [notice.id, number],
      );
      if (!row) throw new Error(`LettersService.create: notice ${notice.id} is not stored`);
      return;
    }
    const year = yearOf(localDateInZone(this.clock.now(), this.config.timeZone));
    // The letter's own gap-free yearly number, made by the numbering template in SQL (reg-number.ts).
    const [row] = await em.query<unknown[]>(
      `WITH counter AS (
         INSERT INTO letter_counters (year, last_seq) VALUES ($1, 1)
         ON CONFLICT (year) DO UPDATE SET last_seq = letter_counters.last_seq + 1 RETURNING last_seq)
       INSERT INTO outgoing_letters (number, appeal_id, notification_id, address, subject, body)
       SELECT ${numberSql(this.config.letterNumberTemplate, year, 'counter.last_seq')},
              n.appeal_id, n.id, n.recipient, n.subject, n.body
         FROM counter, notifications n
        WHERE n.id = $2
       RETURNING 1`,
      [year, notice.id],
    );
    if (!row) throw new Error(`LettersService.create: notice ${notice.id} is not stored`);
  }

  /**
   * The next outgoing number of the letters' gap-free yearly sequence, for a letter whose text
   * quotes it (a transmittal letter, sent by e-mail or printed): the caller's transaction holds
   * the counter's row, so a rollback gives the number back.
   */
  async takeNumber(em: EntityManager): Promise<string> {
    const year = yearOf(localDateInZone(this.clock.now(), this.config.timeZone));
    const [row] = await em.query<{ number: string }[]>(
      `WITH counter AS (
         INSERT INTO letter_counters (year, last_seq) VALUES ($1, 1)
         ON CONFLICT (year) DO UPDATE SET last_seq = letter_counters.last_seq + 1 RETURNING last_seq)
       SELECT ${numberSql(this.config.letterNumberTemplate, year, 'counter.last_seq')} AS number
         FROM counter`,
      [year],
    );
    return row.number;
  }

  /**
   * Oldest first (the print queue order); keyset on (created_at, id). Only letters of appeals the
   * caller sees: they hold the applicant's address and the answer (SPEC §1, 152-ФЗ).
   */
  async list(
    principal: Principal,
    printed: boolean | undefined,
    limit: number,
    cursor?: string,
  ): Promise<{ items: OutgoingLetter[]; nextCursor: string | null }> {
    const qb = this.ds
      .getRepository(OutgoingLetter)
      .createQueryBuilder('l')
      .innerJoin('l.appeal', 'a');
    restrictToVisibleAppeals(qb, principal);
    qb.orderBy('l.createdAt', 'ASC')
      .addOrderBy('l.id', 'ASC')
      .limit(limit + 1);
    if (printed !== undefined)
      qb.andWhere(printed ? 'l.printedAt IS NOT NULL' : 'l.printedAt IS NULL');
    if (cursor) {
      // The key is the last letter's stored created_at, read back by its id: it has microseconds
      // (DEFAULT now()), which a millisecond timestamp in the cursor lost, repeating that letter.
      const { i } = decodeCursor(cursor, ['i']);
      qb.andWhere(
        '(l.createdAt, l.id) > ((SELECT o.created_at FROM outgoing_letters o WHERE o.id = :i), :i)',
        { i },
      );
    }
    const rows = await qb.getMany();
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor: rows.length > limit && last ? encodeCursor({ i: last.id }) : null,
    };
  }

  /**
   * A letter with its notice and its appeal, for its print form (src/print/): only of an appeal
   * the caller sees; otherwise the same 404 as a letter that does not exist.
   */
  async findVisible(id: string, principal: StaffPrincipal): Promise<PrintableLetter> {
    const qb = this.ds
      .getRepository(OutgoingLetter)
      .createQueryBuilder('l')
      .innerJoinAndSelect('l.appeal', 'a')
      .innerJoinAndSelect('l.notification', 'n')
      .where('l.id = :id', { id });
    restrictToVisibleAppeals(qb, principal);
    const letter = await qb.getOne();
    if (!letter?.appeal || !letter.notification) {
      throw new AppError(ErrorCode.NOT_FOUND, 'Исходящее письмо не найдено');
    }
    return letter as PrintableLetter;
  }

  /**
   * Printed and handed to the post: the notice counts as sent. A letter of an appeal the caller
   * does not see is «not found», like one that does not exist (no probing by id).
   */
  markPrinted(id: string, principal: StaffPrincipal): Promise<OutgoingLetter> {
    return this.ds.transaction(async (em) => {
      const qb = em
        .getRepository(OutgoingLetter)
        .createQueryBuilder('l')
        .innerJoin('l.appeal', 'a')
        .where('l.id = :id', { id })
        // Only the letter's row: the appeal is read, not changed.
        .setLock('pessimistic_write', undefined, ['l']);
      restrictToVisibleAppeals(qb, principal);
      const letter = await qb.getOne();
      if (!letter) throw new AppError(ErrorCode.NOT_FOUND, 'Исходящее письмо не найдено');
      if (letter.printedAt) return letter;
      letter.printedAt = this.clock.now();
      letter.printedBy = principal.id;
      await em.save(letter);
      await em.query(`UPDATE notifications SET status = 'sent', sent_at = $2 WHERE id = $1`, [
        letter.notificationId,
        letter.printedAt,
      ]);
      return letter;
    });
  }
}
