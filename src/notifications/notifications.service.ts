import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { randomUUID } from 'node:crypto';
import type { Appeal } from '../appeals/appeal.entity';
import { coApplicantEmails } from '../appeals/co-applicant';
import { describeReplyChannel, type ReplyChannel } from '../channels/reply-channel.registry';
import type { Attachment } from '../attachments/attachment.entity';
import { fileTooLarge } from '../attachments/attachment-errors';
import { Clock } from '../common/time/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { LettersService } from './letters.service';
import { Notification, type NotificationKind } from './notification.entity';
import { renderNotice, type NoticeContext } from './templates';

/** The address a notice goes to through the appeal's reply channel; null when there is none. */
export function recipientOf(
  appeal: Pick<Appeal, 'replyChannel' | 'applicant' | 'externalRefs'>,
): string | null {
  return describeReplyChannel(appeal.replyChannel).recipient(appeal);
}

/**
 * How a notice actually travels (the reply channel's descriptor): e-mail from the outbox, a
 * printed letter by post, ГИС ЖКХ through its connector.
 */
export function deliveryChannel(reply: ReplyChannel, recipient: string): ReplyChannel {
  return describeReplyChannel(reply).travelsAs(recipient);
}

export function applicantDisplayName(appeal: Pick<Appeal, 'applicant'>): string | null {
  const a = appeal.applicant;
  if (a.type === 'legal_entity') return a.contactPerson ?? a.organizationName;
  return [a.firstName, a.middleName].filter(Boolean).join(' ') || a.lastName;
}

/** The applicant as a receiving body addresses them: the full name, or the organisation's. */
export function applicantFullName(appeal: Pick<Appeal, 'applicant'>): string | null {
  const a = appeal.applicant;
  if (a.type === 'legal_entity') return a.organizationName;
  return [a.lastName, a.firstName, a.middleName].filter(Boolean).join(' ') || null;
}

/** What a notice to the applicant may add to the appeal's own facts. */
export type ApplicantNoticeContext = Omit<
  NoticeContext,
  'regNumber' | 'registeredOn' | 'applicantName'
>;

/** A notice to the applicant, ready to store. */
export type ApplicantNotice = Pick<
  Notification,
  | 'appealId'
  | 'kind'
  | 'audience'
  | 'recipientUserId'
  | 'channel'
  | 'recipient'
  | 'subject'
  | 'body'
>;

/** The notices to staff members about an appeal. */
export type StaffNoticeKind = Extract<
  NotificationKind,
  'assignment' | 'sla_warning' | 'sla_escalation' | 'due_date_earlier'
>;

/** What a notice to staff adds to the appeal's number and due date. */
export interface StaffNoticeContext {
  registeredOn: string;
  daysLeft?: number;
  previousDueDate?: string | null;
  /** A legal clock other than the main term (appeals/clocks/clock.registry.ts): named in the notice. */
  clock?: string;
  /** A clock that runs in hours (issue 23): its due time, as the notice shows it. */
  dueAt?: string;
}

/** «1,5 МиБ», «12 КиБ», «830 байт»: as a letter lists its enclosures. */
export function describeSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace('.', ',')} МиБ`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} КиБ`;
  return `${bytes} байт`;
}

/** Writes notices into the outbox in the caller's transaction (SPEC §8); a worker sends them. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly clock: Clock,
    private readonly letters: LettersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * `files` (the answer's, issue 20) go with the notice: attached to an e-mail (read at send
   * time, at most MAIL_MAX_ATTACHMENT_BYTES together, else 422 and nothing changes), listed as
   * enclosures in a letter by post and wherever they cannot travel (ГИС ЖКХ, not yet).
   */
  async enqueue(
    em: EntityManager,
    appeal: Appeal,
    kind: NotificationKind,
    context: ApplicantNoticeContext,
    registeredOn: string,
    files: Pick<Attachment, 'id' | 'fileName' | 'size'>[] = [],
  ): Promise<Notification | null> {
    const enclosures = files.map((f) => `${f.fileName} (${describeSize(f.size)})`);
    const notice = this.applicantNotice(
      appeal,
      kind,
      files.length > 0 ? { ...context, enclosures } : context,
      registeredOn,
    );
    if (!notice) return null;
    // E-mail and the messenger's chat (issue 24) carry the files themselves.
    const attached = notice.channel === 'email' || notice.channel === 'messenger' ? files : [];
    const total = attached.reduce((sum, f) => sum + f.size, 0);
    if (total > this.config.mail.maxAttachmentBytes) {
      throw fileTooLarge(undefined, this.config.mail.maxAttachmentBytes);
    }
    return this.store(
      em,
      this.pending(em, { id: randomUUID(), ...notice, attachmentIds: attached.map((f) => f.id) }),
    );
  }

  /**
   * A collective appeal's answer (59-ФЗ ст. 4 п. 1) is addressed to the applicant named first and
   * goes through the reply channel (`enqueue`); each co-applicant who gave an e-mail gets the same
   * answer, greeted by name, once per address (`coApplicantEmails`). The answer's files go with
   * each copy when they fit into one message, else they are listed. Returns how many were queued.
   */
  async enqueueCoApplicantCopies(
    em: EntityManager,
    appeal: Appeal,
    context: ApplicantNoticeContext,
    registeredOn: string,
    files: Pick<Attachment, 'id' | 'fileName' | 'size'>[] = [],
  ): Promise<number> {
    // The applicant's own address is reached by the answer itself (by e-mail or not).
    const copies = coApplicantEmails(appeal.coApplicants ?? [], appeal.applicant.email);
    const total = files.reduce((sum, f) => sum + f.size, 0);
    const attached = total <= this.config.mail.maxAttachmentBytes ? files : [];
    const enclosures = files.map((f) => `${f.fileName} (${describeSize(f.size)})`);
    for (const { email, coApplicant: c } of copies) {
      const name =
        c.type === 'legal_entity'
          ? c.organizationName
          : [c.firstName, c.middleName].filter(Boolean).join(' ') || c.lastName;
      const text = renderNotice('answer', {
        regNumber: appeal.regNumber,
        registeredOn,
        applicantName: name,
        ...context,
        ...(files.length > 0 ? { enclosures, byEmail: attached.length > 0 } : {}),
      });
      await em.insert(
        Notification,
        this.pending(em, {
          appealId: appeal.id,
          kind: 'answer',
          audience: 'applicant',
          recipientUserId: null,
          channel: 'email',
          recipient: email,
          ...text,
          attachmentIds: attached.map((f) => f.id),
        }),
      );
    }
    return copies.length;
  }

  /**
   * The applicant's notice as data: rendered, addressed through the appeal's reply channel, and
   * how it travels (a letter to print when by post); null when there is no address. The
   * registration writes it in its own statement; `enqueue` stores it.
   */
  applicantNotice(
    appeal: Appeal,
    kind: NotificationKind,
    context: ApplicantNoticeContext,
    registeredOn: string,
  ): ApplicantNotice | null {
    const recipient = recipientOf(appeal);
    if (!recipient) return null;
    const channel = deliveryChannel(appeal.replyChannel, recipient);
    const text = renderNotice(kind, {
      regNumber: appeal.regNumber,
      registeredOn,
      applicantName: applicantDisplayName(appeal),
      ...context,
      ...(context.enclosures ? { byEmail: channel === 'email' } : {}),
    });
    return {
      appealId: appeal.id,
      kind,
      audience: 'applicant',
      recipientUserId: null,
      channel,
      recipient,
      ...text,
    };
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

  /**
   * The transmittal letter of a forwarding (59-ФЗ ст. 8 ч. 3, issue 20): numbered from the
   * letters' sequence, with the appeal's text, its applicant and its files listed. By e-mail when
   * the organisation has one (the outbox sends it), otherwise a letter to print, under the same
   * number. Returns the number.
   */
  async enqueueTransmittal(
    em: EntityManager,
    appeal: Appeal,
    to: { name: string; email: string | null; postalAddress: string | null },
    reason: string | null,
    registeredOn: string,
  ): Promise<string> {
    const number = await this.letters.takeNumber(em);
    const files = await em.query<{ id: string; file_name: string; size: string }[]>(
      `SELECT id, file_name, size FROM attachments
        WHERE appeal_id = $1 AND status = 'stored' AND purpose = 'appeal'
        ORDER BY created_at, id`,
      [appeal.id],
    );
    const byEmail = to.email !== null;
    // By e-mail the files go as attachments when they fit into one message
    // (MAIL_MAX_ATTACHMENT_BYTES); else they are listed and sent on request, as before.
    const total = files.reduce((sum, f) => sum + Number(f.size), 0);
    const attached = byEmail && total <= this.config.mail.maxAttachmentBytes ? files : [];
    const notice = renderNotice('transmittal', {
      regNumber: appeal.regNumber,
      registeredOn,
      applicantName: null,
      forwardedTo: to.name,
      letterNumber: number,
      comment: reason,
      applicantFullName: applicantFullName(appeal),
      applicantContacts: recipientOf(appeal),
      appealSubject: appeal.subject,
      appealText: appeal.text,
      enclosures: files.map((f) => `${f.file_name} (${Number(f.size)} байт)`),
      byEmail,
      filesAttached: attached.length > 0,
    });
    const row = this.pending(em, {
      id: randomUUID(),
      appealId: appeal.id,
      kind: 'transmittal',
      audience: 'authority',
      recipientUserId: null,
      channel: byEmail ? 'email' : 'post',
      // By post the address line names the body above its address (the letter's addressee).
      recipient: to.email ?? [to.name, to.postalAddress].filter(Boolean).join(', '),
      ...notice,
      attachmentIds: attached.map((f) => f.id),
    });
    await em.insert(Notification, row);
    if (!byEmail) await this.letters.create(em, row, number);
    return number;
  }

  /** The text of a notice to staff; the same for every recipient. */
  renderStaff(
    appeal: Pick<Appeal, 'regNumber' | 'dueDate'>,
    kind: StaffNoticeKind,
    context: StaffNoticeContext,
  ): { subject: string; body: string } {
    return renderNotice(kind, {
      regNumber: appeal.regNumber,
      registeredOn: context.registeredOn,
      applicantName: null,
      dueDate: appeal.dueDate,
      daysLeft: context.daysLeft,
      previousDueDate: context.previousDueDate,
      clock: context.clock,
      dueAt: context.dueAt,
    });
  }

  /** A notice to a staff member about an appeal, by e-mail; skipped when they have none. */
  async enqueueStaff(
    em: EntityManager,
    user: { id: string; email: string | null },
    appeal: Pick<Appeal, 'id' | 'regNumber' | 'dueDate'>,
    kind: StaffNoticeKind,
    context: StaffNoticeContext,
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
    await em.insert(Notification, row);
    return true;
  }

  /**
   * A reception booking's confirmation, reminder or cancellation (issue 22), by e-mail to the
   * address the applicant left; `regNumber` of the context is the booking's number.
   */
  async enqueueReception(
    em: EntityManager,
    bookingId: string,
    kind: Extract<
      NotificationKind,
      'reception_booked' | 'reception_reminder' | 'reception_cancelled'
    >,
    email: string,
    context: NoticeContext,
  ): Promise<Notification> {
    const row = this.pending(em, {
      appealId: null,
      kind,
      audience: 'applicant',
      recipientUserId: null,
      channel: 'email',
      recipient: email,
      ...renderNotice(kind, context),
    });
    row.receptionBookingId = bookingId;
    return this.store(em, row);
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
    > & { id?: string; attachmentIds?: string[] },
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
