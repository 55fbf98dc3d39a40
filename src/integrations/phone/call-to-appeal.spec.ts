import { callToCreateAppealBody } from './call-to-appeal';
import type { IncomingCallDto } from './call.dto';

const TZ = 'Europe/Moscow';

const call = (over: Partial<IncomingCallDto> = {}): IncomingCallDto => ({
  callId: 'vm-0001',
  source: 'voice_mail',
  callerNumber: '+7 912 345-67-89',
  startedAt: '2026-04-10T06:55:00Z',
  durationSeconds: 125,
  transcript: 'Нет горячей воды в доме третий день.',
  ...over,
});

describe('callToCreateAppealBody', () => {
  it('registers on the phone channel, received when the call started', () => {
    const sut = callToCreateAppealBody(call(), TZ);
    expect(sut.channel).toBe('phone');
    expect(sut.receivedAt).toBe('2026-04-10T06:55:00Z');
  });

  it('keeps the caller’s number as the applicant’s phone, beside what the operator captured', () => {
    const sut = callToCreateAppealBody(
      call({
        applicant: { lastName: 'Петрова', firstName: 'Анна', postalAddress: 'ул. Ленина, 1' },
      }),
      TZ,
    );
    expect(sut.applicant).toEqual({
      lastName: 'Петрова',
      firstName: 'Анна',
      postalAddress: 'ул. Ленина, 1',
      phone: '+7 912 345-67-89',
    });
    expect(sut.externalRefs).not.toHaveProperty('callerNumber');
  });

  it('keeps a callback number the caller dictated, and the number that called in externalRefs', () => {
    const sut = callToCreateAppealBody(call({ applicant: { phone: '+7 900 000-00-01' } }), TZ);
    expect(sut.applicant?.phone).toBe('+7 900 000-00-01');
    expect(sut.externalRefs?.callerNumber).toBe('+7 912 345-67-89');
  });

  it('heads the transcript with the source, local time, duration and operator', () => {
    const sut = callToCreateAppealBody(
      call({ source: 'call_centre', operator: 'Иванова А. А.', transcriptConfidence: 0.87 }),
      TZ,
    );
    expect(sut.text).toBe(
      'Звонок в колл-центр 10.04.2026 в 09:55 (Europe/Moscow), длительность 2 мин 5 с, ' +
        'принял оператор Иванова А. А.; распознавание речи: уверенность 87 %.\n\n' +
        'Нет горячей воды в доме третий день.',
    );
    expect(sut.subject).toBe('Звонок в колл-центр 10.04.2026 09:55');
  });

  it('says so when a voice-mail transcript is the recogniser’s, with no operator', () => {
    const sut = callToCreateAppealBody(call({ durationSeconds: 40 }), TZ);
    expect(sut.text).toMatch(
      /^Голосовое сообщение 10\.04\.2026 в 09:55 \(Europe\/Moscow\), длительность 40 с\.\n\n/,
    );
    expect(sut.subject).toBe('Голосовое сообщение 10.04.2026 09:55');
  });

  it('leaves the text empty when nothing was recognised, so the gap is recorded, not hidden', () => {
    expect(callToCreateAppealBody(call({ transcript: '  \n ' }), TZ).text).toBeNull();
  });

  it('records the call in externalRefs as strings', () => {
    const sut = callToCreateAppealBody(
      call({ source: 'ivr', operator: 'Робот', transcriptConfidence: 0.5 }),
      TZ,
    );
    expect(sut.externalRefs).toEqual({
      callId: 'vm-0001',
      source: 'ivr',
      durationSeconds: '125',
      operator: 'Робот',
      transcriptConfidence: '0.5',
    });
  });

  it('passes what was captured on to the create body, and nothing it was not given', () => {
    const sut = callToCreateAppealBody(
      call({
        accountNumber: '1234567890',
        serviceAddress: 'ул. Ленина, 1, кв. 2',
        topicCode: 'hot_water',
        kind: 'complaint',
        qualityReport: { service: 'hot_water' },
      }),
      TZ,
    );
    expect(sut).toMatchObject({
      accountNumber: '1234567890',
      serviceAddress: 'ул. Ленина, 1, кв. 2',
      topicCode: 'hot_water',
      kind: 'complaint',
      qualityReport: { service: 'hot_water' },
    });
    const bare = callToCreateAppealBody(call(), TZ);
    for (const k of ['accountNumber', 'serviceAddress', 'topicCode', 'kind', 'qualityReport']) {
      expect(bare).not.toHaveProperty(k);
    }
  });

  it('is the same body for the same call (a retry hashes alike)', () => {
    expect(JSON.stringify(callToCreateAppealBody(call(), TZ))).toBe(
      JSON.stringify(callToCreateAppealBody(call(), TZ)),
    );
  });
});
