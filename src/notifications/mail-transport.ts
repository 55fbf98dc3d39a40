import { createTransport, type Transporter } from 'nodemailer';

export interface OutgoingMail {
  /** Stable per notice, so a retried send is recognisable as the same message downstream. */
  messageId: string;
  to: string;
  subject: string;
  text: string;
  /** Real attachments (answer files); read from storage just before sending. */
  attachments?: MailAttachment[];
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

/** Where e-mail goes; tests use a real SMTP server on 127.0.0.1. */
export abstract class MailTransport {
  abstract readonly enabled: boolean;
  abstract send(mail: OutgoingMail): Promise<void>;
  abstract close(): void;
}

/** SMTP through nodemailer (SMTP_URL); without a URL nothing is sent and notices stay pending. */
export class SmtpMailTransport extends MailTransport {
  private readonly transporter: Transporter | null;

  constructor(
    url: string | undefined,
    private readonly from: string,
  ) {
    super();
    this.transporter = url ? createTransport(withTimeouts(url)) : null;
  }

  get enabled(): boolean {
    return this.transporter !== null;
  }

  async send(mail: OutgoingMail): Promise<void> {
    if (!this.transporter) throw new Error('SMTP_URL is not configured');
    await this.transporter.sendMail({
      from: this.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      messageId: mail.messageId,
      attachments: mail.attachments?.map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: a.content,
      })),
      // Our notices must never trigger auto-replies that come back as appeals (no mail loops).
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
    });
  }

  close(): void {
    this.transporter?.close();
  }
}

/**
 * Fail fast: a slow server delays only this notice, which is retried with backoff. nodemailer
 * reads options from the URL's query; values given there win.
 */
function withTimeouts(url: string): string {
  const u = new URL(url);
  for (const [k, v] of [
    ['connectionTimeout', '10000'],
    ['greetingTimeout', '10000'],
    ['socketTimeout', '20000'],
  ]) {
    if (!u.searchParams.has(k)) u.searchParams.set(k, v);
  }
  return u.toString();
}
