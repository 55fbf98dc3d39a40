import type { CallSource, IncomingCallDto } from './call.dto';

/** How the officer reads where the call came from (the subject and the text's first line). */
const SOURCE_LABEL: Record<CallSource, string> = {
  call_centre: 'Звонок в колл-центр',
  voice_mail: 'Голосовое сообщение',
  ivr: 'Звонок в голосовое меню (IVR)',
};

/** The plain create body of POST /appeals a call becomes (validated there, as any other). */
export interface CallAppealBody {
  channel: 'phone';
  kind?: string;
  applicant: Record<string, unknown>;
  accountNumber?: string;
  serviceAddress?: string;
  topicCode?: string;
  subject: string;
  text: string | null;
  receivedAt: string;
  externalRefs: Record<string, string>;
  qualityReport?: Record<string, unknown>;
}

/**
 * A call → the create body registered through IntakeService.register() (issue 23). The text is
 * the transcript under one line saying what the officer cannot see in it: the source, the local
 * time, the length, who took the call (ПП 354 п. 106) and whether a machine heard it. A blank
 * transcript stays a blank text, so the mandatory-field check records the gap (the recording is
 * still attached). The caller's number is the applicant's phone unless they dictated another.
 */
export function callToCreateAppealBody(call: IncomingCallDto, timeZone: string): CallAppealBody {
  const { date, time } = localParts(new Date(call.startedAt), timeZone);
  const label = SOURCE_LABEL[call.source];
  const operator = call.operator?.trim() || null;
  const confidence = call.transcriptConfidence ?? null;
  const header =
    `${label} ${date} в ${time} (${timeZone}), длительность ${duration(call.durationSeconds)}` +
    (operator ? `, принял оператор ${operator}` : '') +
    (confidence !== null
      ? `; распознавание речи: уверенность ${Math.round(confidence * 100)} %`
      : '') +
    '.';
  const transcript = call.transcript.trim();
  const applicant: Record<string, unknown> = { ...(call.applicant ?? {}) };
  const dictated = typeof applicant.phone === 'string' && applicant.phone.trim() !== '';
  if (!dictated) applicant.phone = call.callerNumber;

  const externalRefs: Record<string, string> = {
    callId: call.callId,
    source: call.source,
    durationSeconds: String(call.durationSeconds),
  };
  if (operator) externalRefs.operator = operator;
  if (confidence !== null) externalRefs.transcriptConfidence = String(confidence);
  if (dictated && applicant.phone !== call.callerNumber) {
    externalRefs.callerNumber = call.callerNumber;
  }

  return {
    channel: 'phone',
    ...(call.kind ? { kind: call.kind } : {}),
    applicant,
    ...(call.accountNumber != null ? { accountNumber: call.accountNumber } : {}),
    ...(call.serviceAddress != null ? { serviceAddress: call.serviceAddress } : {}),
    ...(call.topicCode != null ? { topicCode: call.topicCode } : {}),
    subject: `${label} ${date} ${time}`,
    text: transcript ? `${header}\n\n${transcript}` : null,
    receivedAt: call.startedAt,
    externalRefs,
    ...(call.qualityReport ? { qualityReport: call.qualityReport } : {}),
  };
}

function duration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m > 0 ? `${m} мин ${s} с` : `${s} с`;
}

function localParts(at: Date, timeZone: string): { date: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('ru-RU', {
      timeZone,
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return {
    date: `${parts.day}.${parts.month}.${parts.year}`,
    time: `${parts.hour}:${parts.minute}`,
  };
}
