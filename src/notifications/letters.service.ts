import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, Not } from 'typeorm';
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

  /** A letter for a postal notice, numbered from its own gap-free yearly sequence. */
  async create(em: EntityManager, notice: Notification): Promise<OutgoingLetter> {
    const year = yearOf(localDateInZone(this.clock.now(), this.config.timeZone));
    const [{ last_seq: seq }] = await em.query<{ last_seq: number }[]>(
      `INSERT INTO letter_counters (year, last_seq) VALUES ($1, 1)
       ON CONFLICT (year) DO UPDATE SET last_seq = letter_counters.last_seq + 1 RETURNING last_seq`,
      [year],
    );
    const letter = em.create(OutgoingLetter, {
      number: formatRegNumber(this.config.letterNumberTemplate, year, seq),
      appealId: notice.appealId,
      notificationId: notice.id,
      address: notice.recipient,
      subject: notice.subject,
      body: notice.body,
      printedAt: null,
      printedBy: null,
    });
    await em.insert(OutgoingLetter, letter);
    return letter;
  }

  list(printed: boolean | undefined, limit: number): Promise<OutgoingLetter[]> {
    return this.ds.getRepository(OutgoingLetter).find({
      where: printed === undefined ? {} : { printedAt: printed ? Not(IsNull()) : IsNull() },
      order: { createdAt: 'ASC', number: 'ASC' },
      take: limit,
    });
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
