import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CreateAppealDto } from '../intake/create-appeal.dto';
import {
  MAX_CO_APPLICANTS,
  coApplicantEmails,
  coApplicantName,
  coApplicantsLine,
  toCoApplicants,
} from './co-applicant';

const errorsOf = (body: Record<string, unknown>): string[] => {
  const flat: string[] = [];
  const walk = (errs: ReturnType<typeof validateSync>, path: string): void => {
    for (const e of errs) {
      const p = path ? `${path}.${e.property}` : e.property;
      if (e.constraints) flat.push(p);
      walk(e.children ?? [], p);
    }
  };
  walk(validateSync(plainToInstance(CreateAppealDto, body)), '');
  return flat;
};

describe('co-applicants', () => {
  describe('toCoApplicants', () => {
    it('keeps what is known, trimmed, and nulls the rest', () => {
      expect(
        toCoApplicants([
          { lastName: '  Иванов ', firstName: 'Пётр', email: ' p@example.ru ' },
          { type: 'legal_entity', organizationName: 'ТСЖ «Садовая, 5»', phone: '+7 812 000-00-00' },
        ]),
      ).toEqual([
        {
          type: 'individual',
          lastName: 'Иванов',
          firstName: 'Пётр',
          middleName: null,
          organizationName: null,
          email: 'p@example.ru',
          phone: null,
          postalAddress: null,
        },
        {
          type: 'legal_entity',
          lastName: null,
          firstName: null,
          middleName: null,
          organizationName: 'ТСЖ «Садовая, 5»',
          email: null,
          phone: '+7 812 000-00-00',
          postalAddress: null,
        },
      ]);
    });

    it('gives an empty list for none', () => {
      expect(toCoApplicants(undefined)).toEqual([]);
      expect(toCoApplicants(null)).toEqual([]);
    });
  });

  describe('coApplicantName', () => {
    it('names a person in full and an organisation by its name', () => {
      const [person, org] = toCoApplicants([
        { lastName: 'Иванов', firstName: 'Пётр', middleName: 'Ильич' },
        { type: 'legal_entity', organizationName: 'ТСЖ «Садовая, 5»' },
      ]);
      expect(coApplicantName(person)).toBe('Иванов Пётр Ильич');
      expect(coApplicantName(org)).toBe('ТСЖ «Садовая, 5»');
    });
  });

  describe('coApplicantsLine', () => {
    it('lists every co-applicant for a printed form, and nothing without them', () => {
      const co = toCoApplicants([
        { lastName: 'Иванов', firstName: 'Пётр' },
        { lastName: 'Сидорова', firstName: 'Мария' },
      ]);
      expect(coApplicantsLine(co)).toBe('Иванов Пётр; Сидорова Мария');
      expect(coApplicantsLine([])).toBeNull();
    });
  });

  describe('coApplicantEmails', () => {
    it('gives each co-applicant’s e-mail once, never the applicant’s own address', () => {
      const co = toCoApplicants([
        { lastName: 'Иванов', email: 'P@example.ru' },
        { lastName: 'Иванова', email: 'p@EXAMPLE.ru' },
        { lastName: 'Сидорова', email: 'main@example.ru' },
        { lastName: 'Без почты' },
        { lastName: 'Орлов', email: 'orlov@example.ru' },
      ]);
      expect(coApplicantEmails(co, 'Main@Example.ru')).toEqual([
        { email: 'P@example.ru', coApplicant: co[0] },
        { email: 'orlov@example.ru', coApplicant: co[4] },
      ]);
    });
  });

  describe('CreateAppealDto.coApplicants', () => {
    const base = { channel: 'post', text: 'Коллективное письмо жильцов дома' };

    it('accepts signatories with a name', () => {
      expect(
        errorsOf({
          ...base,
          coApplicants: [
            { lastName: 'Иванов', email: 'ivanov@example.ru' },
            { type: 'legal_entity', organizationName: 'ТСЖ «Садовая, 5»' },
          ],
        }),
      ).toEqual([]);
    });

    it('refuses a person without a last name and an organisation without its name', () => {
      expect(
        errorsOf({
          ...base,
          coApplicants: [
            { firstName: 'Пётр', lastName: '  ' },
            { type: 'legal_entity', lastName: 'Иванов' },
          ],
        }),
      ).toEqual(['coApplicants.0.lastName', 'coApplicants.1.organizationName']);
    });

    it(`refuses more than ${MAX_CO_APPLICANTS}`, () => {
      const many = Array.from({ length: MAX_CO_APPLICANTS + 1 }, (_, i) => ({
        lastName: `Житель ${i}`,
      }));
      expect(errorsOf({ ...base, coApplicants: many })).toEqual(['coApplicants']);
      expect(errorsOf({ ...base, coApplicants: many.slice(1) })).toEqual([]);
    });

    it('refuses an invalid e-mail of a co-applicant', () => {
      expect(
        errorsOf({ ...base, coApplicants: [{ lastName: 'Иванов', email: 'не почта' }] }),
      ).toEqual(['coApplicants.0.email']);
    });
  });
});
