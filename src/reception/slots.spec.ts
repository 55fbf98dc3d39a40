import { ProductionCalendar } from '../sla/production-calendar';
import { generateSlots, parseSlotId, slotIdOf, zonedInstant, type SlotSchedule } from './slots';

// 2026: 2026-05-08 (Friday) is a shortened pre-holiday day, 2026-05-11 (Monday) a day off.
const calendar = ProductionCalendar.fromYears([
  {
    year: 2026,
    days: [
      { date: '2026-05-08', type: 2 },
      { date: '2026-05-11', type: 1 },
    ],
  },
]);

const schedule: SlotSchedule = {
  id: 'sch-1',
  days: [
    { weekday: 1, from: '10:00', to: '12:00' },
    { weekday: 5, from: '15:00', to: '18:00' },
  ],
  slotMinutes: 30,
  validFrom: '2026-05-01',
  validTo: null,
};

const local = (slots: { startsAt: Date }[]): string[] =>
  slots.map((s) => s.startsAt.toLocaleString('sv-SE', { timeZone: 'Europe/Moscow' }).slice(0, 16));

describe('zonedInstant', () => {
  it('reads a wall-clock time in the organisation zone', () => {
    expect(zonedInstant('2026-05-04', '10:00', 'Europe/Moscow').toISOString()).toBe(
      '2026-05-04T07:00:00.000Z',
    );
    expect(zonedInstant('2026-05-04', '10:00', 'Asia/Yekaterinburg').toISOString()).toBe(
      '2026-05-04T05:00:00.000Z',
    );
  });

  it('follows a zone with daylight saving time across the change', () => {
    expect(zonedInstant('2026-01-15', '09:00', 'Europe/Berlin').toISOString()).toBe(
      '2026-01-15T08:00:00.000Z',
    );
    expect(zonedInstant('2026-07-15', '09:00', 'Europe/Berlin').toISOString()).toBe(
      '2026-07-15T07:00:00.000Z',
    );
  });
});

describe('generateSlots', () => {
  const sut = generateSlots;

  it('cuts each reception day of a working day into slots of the given length', () => {
    const slots = sut(
      schedule,
      { from: '2026-05-04', to: '2026-05-04' },
      calendar,
      [],
      'Europe/Moscow',
    );
    expect(local(slots)).toEqual([
      '2026-05-04 10:00',
      '2026-05-04 10:30',
      '2026-05-04 11:00',
      '2026-05-04 11:30',
    ]);
    expect(slots[0].endsAt.toISOString()).toBe('2026-05-04T07:30:00.000Z');
    expect(slots[0].id).toBe('sch-1:2026-05-04T07:00:00.000Z');
  });

  it('gives no slots on a day off of the production calendar, even on a reception weekday', () => {
    expect(
      sut(schedule, { from: '2026-05-11', to: '2026-05-11' }, calendar, [], 'Europe/Moscow'),
    ).toEqual([]);
  });

  it('ends a shortened pre-holiday day one hour earlier (ТК РФ ст. 95)', () => {
    const slots = sut(
      schedule,
      { from: '2026-05-08', to: '2026-05-08' },
      calendar,
      [],
      'Europe/Moscow',
    );
    expect(local(slots)).toEqual([
      '2026-05-08 15:00',
      '2026-05-08 15:30',
      '2026-05-08 16:00',
      '2026-05-08 16:30',
    ]);
  });

  it('drops a last slot that would not fit before the end of the reception', () => {
    const s = { ...schedule, slotMinutes: 45 };
    expect(
      local(sut(s, { from: '2026-05-04', to: '2026-05-04' }, calendar, [], 'Europe/Moscow')),
    ).toEqual(['2026-05-04 10:00', '2026-05-04 10:45']);
  });

  it('removes the days of an exception (vacation, a cancelled day)', () => {
    const slots = sut(
      schedule,
      { from: '2026-05-04', to: '2026-05-15' },
      calendar,
      [{ from: '2026-05-04', to: '2026-05-08' }],
      'Europe/Moscow',
    );
    expect(local(slots).map((s) => s.slice(0, 10))).toEqual([
      '2026-05-15',
      '2026-05-15',
      '2026-05-15',
      '2026-05-15',
      '2026-05-15',
      '2026-05-15',
    ]);
  });

  it('gives nothing outside the schedule’s validity', () => {
    const s = { ...schedule, validFrom: '2026-05-05', validTo: '2026-05-07' };
    expect(sut(s, { from: '2026-05-01', to: '2026-05-31' }, calendar, [], 'Europe/Moscow')).toEqual(
      [],
    );
  });

  it('places the slots in the organisation time zone', () => {
    const slots = sut(
      schedule,
      { from: '2026-05-04', to: '2026-05-04' },
      calendar,
      [],
      'Asia/Vladivostok',
    );
    expect(slots[0].startsAt.toISOString()).toBe('2026-05-04T00:00:00.000Z');
  });
});

describe('slot ids', () => {
  it('are stable: the schedule and the start, read back as they were made', () => {
    const startsAt = new Date('2026-05-04T07:00:00.000Z');
    const id = slotIdOf('3f1c1b9e-0000-4000-8000-000000000001', startsAt);
    expect(parseSlotId(id)).toEqual({
      scheduleId: '3f1c1b9e-0000-4000-8000-000000000001',
      startsAt,
    });
  });

  it('refuses an id that is not one', () => {
    expect(parseSlotId('nonsense')).toBeNull();
    expect(parseSlotId('3f1c1b9e-0000-4000-8000-000000000001:not-a-date')).toBeNull();
  });
});
