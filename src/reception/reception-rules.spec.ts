import {
  activeBookingLimitReached,
  applicantKeys,
  applicantNameProblems,
  cardProblems,
  reminderDue,
  audienceAdmits,
  contactProblems,
  scheduleDayProblems,
  schedulesOverlap,
  topicServed,
  type ScheduleSpan,
} from './reception-rules';

const base: ScheduleSpan = {
  days: [{ weekday: 1, from: '10:00', to: '12:00' }],
  validFrom: '2026-05-01',
  validTo: null,
};

describe('schedulesOverlap', () => {
  const sut = schedulesOverlap;

  it('finds two schedules of one official on the same weekday with crossing hours', () => {
    expect(sut(base, { ...base, days: [{ weekday: 1, from: '11:30', to: '13:00' }] })).toBe(true);
  });

  it('lets hours that only touch pass', () => {
    expect(sut(base, { ...base, days: [{ weekday: 1, from: '12:00', to: '13:00' }] })).toBe(false);
  });

  it('lets other weekdays pass', () => {
    expect(sut(base, { ...base, days: [{ weekday: 2, from: '10:00', to: '12:00' }] })).toBe(false);
  });

  it('lets periods of validity that do not meet pass; an open end meets everything later', () => {
    const earlier = { ...base, validFrom: '2026-01-01', validTo: '2026-04-30' };
    expect(sut(base, earlier)).toBe(false);
    expect(sut({ ...earlier, validTo: '2026-05-01' }, base)).toBe(true);
    expect(sut({ ...base, validFrom: '2027-01-01' }, base)).toBe(true);
  });
});

describe('scheduleDayProblems', () => {
  it('names a day whose end is not after its start, or too short for one slot', () => {
    expect(scheduleDayProblems([{ weekday: 1, from: '10:00', to: '12:00' }], 30)).toEqual([]);
    expect(scheduleDayProblems([{ weekday: 1, from: '12:00', to: '10:00' }], 30)).toEqual([
      expect.objectContaining({ field: 'days[0].to', code: 'NOT_AFTER_FROM' }),
    ]);
    expect(scheduleDayProblems([{ weekday: 1, from: '10:00', to: '10:20' }], 30)).toEqual([
      expect.objectContaining({ field: 'days[0]', code: 'SHORTER_THAN_SLOT' }),
    ]);
  });

  it('names a weekday given twice with crossing hours', () => {
    expect(
      scheduleDayProblems(
        [
          { weekday: 3, from: '10:00', to: '12:00' },
          { weekday: 3, from: '11:00', to: '13:00' },
        ],
        30,
      ),
    ).toEqual([expect.objectContaining({ field: 'days[1]', code: 'OVERLAPS' })]);
  });
});

describe('audienceAdmits', () => {
  it('admits individuals, organisations (legal entities and sole proprietors) or all', () => {
    expect(audienceAdmits('all', 'individual')).toBe(true);
    expect(audienceAdmits('all', 'legal_entity')).toBe(true);
    expect(audienceAdmits('individuals', 'individual')).toBe(true);
    expect(audienceAdmits('individuals', 'legal_entity')).toBe(false);
    expect(audienceAdmits('organizations', 'legal_entity')).toBe(true);
    expect(audienceAdmits('organizations', 'individual')).toBe(false);
  });
});

describe('topicServed', () => {
  it('serves any topic without a list, else only the listed ones', () => {
    expect(topicServed(null, 'billing')).toBe(true);
    expect(topicServed([], 'billing')).toBe(true);
    expect(topicServed(['billing'], 'billing')).toBe(true);
    expect(topicServed(['billing'], 'water')).toBe(false);
  });
});

describe('contactProblems', () => {
  it('asks for at least one way to reach the applicant', () => {
    expect(contactProblems({ email: null, phone: '  ', postalAddress: null })).toEqual([
      expect.objectContaining({ field: 'applicant', code: 'CONTACT_REQUIRED' }),
    ]);
    expect(contactProblems({ phone: '+7 912 345-67-89' })).toEqual([]);
    expect(contactProblems({ email: 'a@b.ru' })).toEqual([]);
    expect(contactProblems({ postalAddress: 'г. Пермь, ул. Ленина, 1' })).toEqual([]);
  });
});

describe('applicantKeys', () => {
  it('identifies an applicant by e-mail (any case), phone digits and ИНН', () => {
    expect(
      applicantKeys({
        email: ' Ivanov@Example.RU ',
        phone: '+7 (912) 345-67-89',
        inn: '7707083893',
      }),
    ).toEqual(['email:ivanov@example.ru', 'phone:79123456789', 'inn:7707083893']);
  });

  it('reads 8 and +7 as the same Russian mobile number', () => {
    expect(applicantKeys({ phone: '8 912 345 67 89' })).toEqual(['phone:79123456789']);
  });
});

describe('activeBookingLimitReached', () => {
  it('stops at the configured number of active bookings', () => {
    expect(activeBookingLimitReached(2, 3)).toBe(false);
    expect(activeBookingLimitReached(3, 3)).toBe(true);
  });
});

describe('applicantNameProblems', () => {
  it('asks an individual for last and first name, an organisation for its name', () => {
    expect(applicantNameProblems({ type: 'individual', lastName: 'Иванов' })).toEqual([
      expect.objectContaining({ field: 'applicant.firstName', code: 'REQUIRED' }),
    ]);
    expect(applicantNameProblems({ type: 'legal_entity', organizationName: ' ' })).toEqual([
      expect.objectContaining({ field: 'applicant.organizationName', code: 'REQUIRED' }),
    ]);
    expect(
      applicantNameProblems({ type: 'legal_entity', organizationName: 'ИП Сидоров С. С.' }),
    ).toEqual([]);
  });
});

describe('reminderDue', () => {
  // 2026-05-08 (Friday) working, 2026-05-09..11 days off, 2026-05-12 (Tuesday) working.
  const calendar = {
    previousWorkingDay: (d: string): string =>
      ({ '2026-05-12': '2026-05-08', '2026-05-08': '2026-05-07' })[d] ?? 'unknown',
  };

  it('is due from the working day before the reception, not earlier', () => {
    expect(reminderDue('2026-05-12', '2026-05-07', calendar)).toBe(false);
    expect(reminderDue('2026-05-12', '2026-05-08', calendar)).toBe(true);
    // A run missed over the holidays still reminds before the day itself.
    expect(reminderDue('2026-05-12', '2026-05-11', calendar)).toBe(true);
  });
});

describe('cardProblems', () => {
  it('keeps a card until the reception has begun', () => {
    const startsAt = new Date('2026-05-12T07:00:00Z');
    expect(cardProblems(startsAt, new Date('2026-05-12T06:59:00Z'))).toEqual([
      expect.objectContaining({ field: 'outcome', code: 'BEFORE_RECEPTION' }),
    ]);
    expect(cardProblems(startsAt, new Date('2026-05-12T07:00:00Z'))).toEqual([]);
  });
});
