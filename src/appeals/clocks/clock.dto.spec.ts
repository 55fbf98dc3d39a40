import type { Appeal } from '../appeal.entity';
import { clocksOf, type ClockRow } from './clock.dto';

describe('an appeal’s clocks as the API shows them', () => {
  const tz = 'Europe/Moscow';
  const appeal = (over: Partial<Appeal> = {}) =>
    ({
      status: 'assigned',
      dueDate: '2026-05-06',
      answeredAt: null,
      receivedAt: new Date('2026-04-02T09:00:00+03:00'),
      registeredAt: new Date('2026-04-06T10:00:00+03:00'),
      registrationLate: true,
      ...over,
    }) as Appeal;
  const row = (over: Partial<ClockRow>): ClockRow => ({
    name: 'forwarding',
    dueDate: '2026-04-13',
    metAt: null,
    stoppedAt: null,
    late: false,
    ...over,
  });

  it('always shows registration, and the answer while the appeal has a term', () => {
    expect(clocksOf(appeal(), [], '2026-04-06', tz)).toEqual([
      {
        name: 'answer',
        dueDate: '2026-05-06',
        metAt: null,
        late: false,
        running: true,
      },
      {
        name: 'registration',
        dueDate: '2026-04-05',
        metAt: '2026-04-06T07:00:00.000Z',
        late: true,
        running: false,
      },
    ]);
    expect(clocksOf(appeal({ dueDate: null, status: 'rejected' }), [], '2026-04-06', tz)).toEqual([
      expect.objectContaining({ name: 'registration' }),
    ]);
  });

  it('shows the answer met when answered, late after its due date', () => {
    const answered = appeal({
      status: 'answered',
      answeredAt: new Date('2026-05-07T09:00:00+03:00'),
    });
    expect(clocksOf(answered, [], '2026-05-10', tz)[0]).toEqual({
      name: 'answer',
      dueDate: '2026-05-06',
      metAt: '2026-05-07T06:00:00.000Z',
      late: true,
      running: false,
    });
  });

  it('shows a running clock late once today is past its date, before the sweep marks it', () => {
    const [, , forwarding] = clocksOf(appeal(), [row({})], '2026-04-14', tz);
    expect(forwarding).toEqual({
      name: 'forwarding',
      dueDate: '2026-04-13',
      metAt: null,
      late: true,
      running: true,
    });
  });

  it('leaves out a clock that stopped on time, and keeps one that stopped late or was met', () => {
    const stoppedOnTime = row({ stoppedAt: new Date('2026-04-07T10:00:00+03:00') });
    expect(clocksOf(appeal(), [stoppedOnTime], '2026-04-20', tz).map((c) => c.name)).toEqual([
      'answer',
      'registration',
    ]);
    const stoppedLate = row({ stoppedAt: new Date('2026-04-15T10:00:00+03:00'), late: true });
    const met = row({ name: 'court_return', metAt: new Date('2026-04-09T10:00:00+03:00') });
    expect(clocksOf(appeal(), [met, stoppedLate], '2026-04-20', tz).slice(2)).toEqual([
      { name: 'forwarding', dueDate: '2026-04-13', metAt: null, late: true, running: false },
      {
        name: 'court_return',
        dueDate: '2026-04-13',
        metAt: '2026-04-09T07:00:00.000Z',
        late: false,
        running: false,
      },
    ]);
  });
  it('shows the due time of a clock that runs in hours, and only of it (issue 23)', () => {
    const dueAt = new Date('2026-04-06T12:00:00+03:00');
    const clocks = clocksOf(
      appeal(),
      [row({ name: 'inspection', dueDate: '2026-04-06', dueAt }), row({})],
      '2026-04-06',
      tz,
    );
    expect(clocks.find((c) => c.name === 'inspection')).toEqual({
      name: 'inspection',
      dueDate: '2026-04-06',
      dueAt: '2026-04-06T09:00:00.000Z',
      metAt: null,
      late: false,
      running: true,
    });
    expect(clocks.find((c) => c.name === 'forwarding')).not.toHaveProperty('dueAt');
  });

  it('shows an hourly clock late once the sweep found it past its time', () => {
    const dueAt = new Date('2026-04-06T12:00:00+03:00');
    const [inspection] = clocksOf(
      appeal(),
      [row({ name: 'inspection', dueDate: '2026-04-06', dueAt, late: true })],
      '2026-04-06',
      tz,
    ).filter((c) => c.name === 'inspection');
    expect(inspection).toMatchObject({ late: true, running: true });
  });
});
