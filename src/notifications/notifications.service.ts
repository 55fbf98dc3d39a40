import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { randomUUID } from 'node:crypto';
import type { WriteBatch } from '../database/write-batch';
import type { Appeal } from '../appeals/appeal.entity';
import type { ReplyChannel } from '../appeals/appeal.enums';
import { Clock } from '../common/time/clock';
import { LettersService } from './letters.service';
import { Notification, type NotificationKind } from './notification.entity';
import { renderNotice, type NoticeContext } from './templates';

/** The address a notice goes to through the appeal's reply channel; null when there is none. */
export function recipientOf(
  appeal: Pick<Appeal, 'replyChannel' | 'applicant' | 'externalRefs'>,
): string | null {
  const a = appeal.applicant;
  switch (appeal.replyChannel) {
    case 'email':
      return a.email;
    case 'post':
      return a.postalAddress;
    case 'personal_account':
      return a.email ?? a.postalAddress;
    case 'gis_zhkh':
      return appeal.externalRefs?.appealGuid ?? a.email ?? a.postalAddress;
    default: {
      const never: never = appeal.replyChannel;
      return never;
    }
  }
}

/**
 * How a notice actually travels: e-mail whenever the address is one (the personal account
 * mirrors e-mail), a printed letter by post, ГИС ЖКХ through its connector.
 */
export function deliveryChannel(reply: ReplyChannel, recipient: string): ReplyChannel {
  if (reply === 'personal_account') return recipient.includes('@') ? 'email' : 'post';
  return reply;
}

export function applicantDisplayName(appeal: Pick<Appeal, 'applicant'>): string | null {
  const a = appeal.applicant;
  if (a.type === 'legal_entity') return a.contactPerson ?? a.organizationName;
  return [a.firstName, a.middleName].filter(Boolean).join(' ') || a.lastName;
}

/** Writes notices into the outbox in the caller's transaction (SPEC §8); a worker sends them. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly clock: Clock,
    private readonly letters: LettersService,
  ) {}

  async enqueue(
    em: EntityManager,
    appeal: Appeal,
    kind: NotificationKind,
    context: Omit<NoticeContext, 'regNumber' | 'registeredOn' | 'applicantName'>,
    registeredOn: string,
    /** Queue the row here instead of inserting it now (a letter by post follows the flush). */
    batch?: WriteBatch,
  ): Promise<Notification | null> {
    const recipient = recipientOf(appeal);
    if (!recipient) return null;
    const notice = renderNotice(kind, {
      regNumber: appeal.regNumber,
      registeredOn,
      applicantName: applicantDisplayName(appeal),
      ...context,
    });
    const channel = deliveryChannel(appeal.replyChannel, recipient);
    const row = this.pending(em, {
      id: randomUUID(),
      appealId: appeal.id,
      kind,
      audience: 'applicant',
      recipientUserId: null,
      channel,
      recipient,
      ...notice,
    });
    // A notice by post is a letter to print, numbered now (SPEC §7).
    if (batch) {
      batch.insert(Notification, row);
      if (channel === 'post') {
        batch.afterFlush(async () => {
          await this.letters.create(em, row);
        });
      }
      return row;
    }
    return this.store(em, row);
  }

  /**
   * An anonymous appeal that reports a crime, sent on to a state body (59-ФЗ ст. 11 ч. 1): a
   * letter by post with the appeal's text, numbered now and printed from the letters queue.
   */
  async enqueueToAuthority(
    em: EntityManager,
    appeal: Appeal,
    organization: string,
    comment: string | null,
    registeredOn: string,
  ): Promise<Notification> {
    const notice = renderNotice('crime_report', {
      regNumber: appeal.regNumber,
      registeredOn,
      applicantName: null,
      forwardedTo: organization,
      comment,
      appealSubject: appeal.subject,
      appealText: appeal.text,
    });
    const row = this.pending(em, {
      id: randomUUID(),
      appealId: appeal.id,
      kind: 'crime_report',
      audience: 'authority',
      recipientUserId: null,
      channel: 'post',
      recipient: organization,
      ...notice,
    });
    return this.store(em, row);
  }

  /** The text of a notice to staff; the same for every recipient. */
  renderStaff(
    appeal: Pick<Appeal, 'regNumber' | 'dueDate'>,
    kind: Extract<NotificationKind, 'assignment' | 'sla_warning' | 'sla_escalation'>,
    context: { registeredOn: string; daysLeft?: number },
  ): { subject: string; body: string } {
    return renderNotice(kind, {
      regNumber: appeal.regNumber,
      registeredOn: context.registeredOn,
      applicantName: null,
      dueDate: appeal.dueDate,
      daysLeft: context.daysLeft,
    });
  }

  /** A notice to a staff member about an appeal, by e-mail; skipped when they have none. */
  async enqueueStaff(
    em: EntityManager,
    user: { id: string; email: string | null },
    appeal: Pick<Appeal, 'id' | 'regNumber' | 'dueDate'>,
    kind: Extract<NotificationKind, 'assignment' | 'sla_warning' | 'sla_escalation'>,
    context: { registeredOn: string; daysLeft?: number },
    batch?: WriteBatch,
  ): Promise<boolean> {
    if (!user.email) return false;
    const notice = this.renderStaff(appeal, kind, context);
    const row = this.pending(em, {
      appealId: appeal.id,
      kind,
      audience: 'staff',
      recipientUserId: user.id,
      channel: 'email',
      recipient: user.email,
      ...notice,
    });
    if (batch) batch.insert(Notification, row);
    else await em.insert(Notification, row);
    return true;
  }

  /** A notice waiting for its first attempt (the sender picks it up from now on). */
  private pending(
    em: EntityManager,
    fields: Pick<
      Notification,
      | 'appealId'
      | 'kind'
      | 'audience'
      | 'recipientUserId'
      | 'channel'
      | 'recipient'
      | 'subject'
      | 'body'
    > & { id?: string },
  ): Notification {
    return em.create(Notification, {
      ...fields,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: this.clock.now(),
    });
  }

  /** Inserts the notice; one by post is also a letter to print, numbered now (SPEC §7). */
  private async store(em: EntityManager, row: Notification): Promise<Notification> {
    await em.insert(Notification, row);
    if (row.channel === 'post') await this.letters.create(em, row);
    return row;
  }

  listFor(em: EntityManager, appealId: string): Promise<Notification[]> {
    return em.find(Notification, {
      where: { appealId, audience: 'applicant' },
      order: { createdAt: 'ASC' },
    });
  }
}
