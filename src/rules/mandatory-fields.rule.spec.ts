import { toDraft } from '../intake/to-draft';
import type { CreateAppealDto } from '../intake/create-appeal.dto';
import { checkMandatoryFields as sut } from './mandatory-fields.rule';

const complete = (over: Partial<CreateAppealDto> = {}): CreateAppealDto => ({
  channel: 'web',
  applicant: { lastName: 'Иванов', firstName: 'Иван', email: 'i@example.ru' },
  accountNumber: '123',
  serviceAddress: 'ул. Садовая, 1',
  text: 'Суть',
  ...over,
});
const fields = (dto: CreateAppealDto): string[] => sut(toDraft(dto)).map((e) => e.field);

describe('checkMandatoryFields', () => {
  it('finds nothing missing in a complete appeal', () => {
    expect(sut(toDraft(complete()))).toEqual([]);
  });

  it('lists every gap at once, in a stable order', () => {
    expect(fields({ channel: 'web' })).toEqual([
      'applicant.lastName',
      'applicant.firstName',
      'applicant.email',
      'accountNumber',
      'serviceAddress',
      'text',
    ]);
  });

  it('treats blank strings as missing', () => {
    expect(
      fields(
        complete({
          text: '  \n ',
          accountNumber: ' ',
          applicant: { lastName: ' ', firstName: 'И', email: 'i@x.ru' },
        }),
      ),
    ).toEqual(['applicant.lastName', 'accountNumber', 'text']);
  });

  it('does not require a middle name', () => {
    expect(
      fields(
        complete({
          applicant: { lastName: 'И', firstName: 'И', email: 'i@x.ru', middleName: null },
        }),
      ),
    ).toEqual([]);
  });

  it('asks a legal entity for its name only', () => {
    expect(fields(complete({ applicant: { type: 'legal_entity', email: 'o@x.ru' } }))).toEqual([
      'applicant.organizationName',
    ]);
    expect(
      fields(
        complete({
          applicant: { type: 'legal_entity', organizationName: 'ООО «Ромашка»', email: 'o@x.ru' },
        }),
      ),
    ).toEqual([]);
  });

  it('asks paper channels for a postal address and electronic ones for an e-mail', () => {
    const noAddress = { lastName: 'И', firstName: 'И' };
    expect(fields(complete({ channel: 'post', applicant: noAddress }))).toEqual([
      'applicant.postalAddress',
    ]);
    expect(fields(complete({ channel: 'office', applicant: noAddress }))).toEqual([
      'applicant.postalAddress',
    ]);
    for (const channel of ['web', 'personal_account', 'email', 'gis_zhkh'] as const) {
      expect(fields(complete({ channel, applicant: noAddress }))).toEqual(['applicant.email']);
    }
  });

  it('accepts either address on any channel', () => {
    expect(
      fields(
        complete({
          channel: 'web',
          applicant: { lastName: 'И', firstName: 'И', postalAddress: 'адрес' },
        }),
      ),
    ).toEqual([]);
    expect(
      fields(
        complete({
          channel: 'post',
          applicant: { lastName: 'И', firstName: 'И', email: 'i@x.ru' },
        }),
      ),
    ).toEqual([]);
  });

  it('requires the address of an explicitly chosen reply channel', () => {
    expect(
      fields(
        complete({
          replyChannel: 'post',
          applicant: { lastName: 'И', firstName: 'И', email: 'i@x.ru' },
        }),
      ),
    ).toEqual(['applicant.postalAddress']);
  });

  it('takes the messenger chat as the reply address, but not a messenger appeal without its chat', () => {
    const chat = { provider: 'telegram', chatId: '42' };
    const applicant = { lastName: 'И', firstName: 'И' };
    expect(fields(complete({ channel: 'messenger', applicant, externalRefs: chat }))).toEqual([]);
    expect(fields(complete({ channel: 'messenger', applicant }))).toEqual(['applicant.email']);
  });

  it('gives Russian messages with the REQUIRED code', () => {
    for (const e of sut(toDraft({ channel: 'web' }))) {
      expect(e.code).toBe('REQUIRED');
      expect(e.message).toMatch(/^[А-Я]/);
    }
  });
});
