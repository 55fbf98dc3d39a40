import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { decodeCursor, encodeCursor } from '../common/http/pagination';
import { formatRegNumber } from '../appeals/reg-number';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import { Clock } from '../common/time/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { localDateInZone, yearOf } from '../sla/local-date';
import type { Notification } from './notification.entity';
import { OutgoingLetter } from './outgoing-letter.entity';

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
  async create(em: EntityManager, notice: Pick<Notification, 'id'>): Promise<void> {
    const year = yearOf(localDateInZone(this.clock.now(), this.config.timeZone));
    const [{ last_seq: seq }] = await em.query<{ last_seq: number }[]>(
      `INSERT INTO letter_counters (year, last_seq) VALUES ($1, 1)
       ON CONFLICT (year) DO UPDATE SET last_seq = letter_counters.last_seq + 1 RETURNING last_seq`,
      [year],
    );
    const number = formatRegNumber(this.config.letterNumberTemplate, year, seq);
    const [row] = await em.query<unknown[]>(
      `INSERT INTO outgoing_letters (number, appeal_id, notification_id, address, subject, body)
       SELECT $1, n.appeal_id, n.id, n.recipient, n.subject, n.body FROM notifications n
        WHERE n.id = $2
       RETURNING 1`,
      [number, notice.id],
    );
    if (!row) throw new Error(`LettersService.create: notice ${notice.id} is not stored`);
  }

  /** Oldest first (the print queue order); keyset on (created_at, id). */
  async list(
    printed: boolean | undefined,
    limit: number,
    cursor?: string,
  ): Promise<{ items: OutgoingLetter[]; nextCursor: string | null }> {
    const qb = this.ds
      .getRepository(OutgoingLetter)
      .createQueryBuilder('l')
      .orderBy('l.createdAt', 'ASC')
      .addOrderBy('l.id', 'ASC')
      .limit(limit + 1);
    if (printed !== undefined)
      qb.andWhere(printed ? 'l.printedAt IS NOT NULL' : 'l.printedAt IS NULL');
    if (cursor) {
      const c = decodeCursor(cursor, ['c', 'i']);
      qb.andWhere('(l.createdAt, l.id) > (:c, :i)', { c: new Date(c.c), i: c.i });
    }
    const rows = await qb.getMany();
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor:
        rows.length > limit && last
          ? encodeCursor({ c: last.createdAt.toISOString(), i: last.id })
          : null,
    };
  }

  /** Printed and handed to the post: the notice counts as sent. */
  markPrinted(id: string, userId: string | null): Promise<OutgoingLetter> {
    return this.ds.transaction(async (em) => {
      const letter = await em.findOne(OutgoingLetter, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!letter) throw new AppError(ErrorCode.NOT_FOUND, 'Исходящее письмо не найдено');
      if (letter.printedAt) return letter;
      letter.printedAt = this.clock.now();
      letter.printedBy = userId;
      await em.save(letter);
      await em.query(`UPDATE notifications SET status = 'sent', sent_at = $2 WHERE id = $1`, [
        letter.notificationId,
        letter.printedAt,
      ]);
      return letter;
    });
  }
}
