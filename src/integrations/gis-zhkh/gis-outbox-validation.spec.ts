import { invalidActions } from './gis-outbox-validation';
import type { GisImportAction } from './gis-types';
import { GisXsdValidator } from './gis-xsd-validator';

const ANSWERER = 'e8d7c6b5-a493-4827-9160-5f4e3d2c1b0a';
const performer = (n: number, dateOfAppointment?: string): GisImportAction => ({
  kind: 'assign-performer',
  transportGuid: `11111111-2222-4333-8444-00000000000${n}`,
  appeal: { appealGuid: `3e9f1b52-6a0d-4c1e-9b7a-2d4c8e6f1a0${n}` },
  answererGuid: ANSWERER,
  dateOfAppointment,
});

describe('invalidActions', () => {
  const validator = new GisXsdValidator();

  it('finds the invalid actions of a batch, each with a summary without its values', async () => {
    const batch = [performer(1), performer(2, '2026-04-31'), performer(3, '2026-04-30')];

    const sut = await invalidActions(validator, batch);

    expect([...sut.keys()]).toEqual([batch[1].transportGuid]);
    const summary = sut.get(batch[1].transportGuid)!;
    expect(summary).toMatch(/^XSD_INVALID: body\[0\] line \d+ DateOfAppointment: /);
    expect(summary).not.toContain('2026-04-31');
  });

  it('finds none when every action is valid on its own', async () => {
    expect((await invalidActions(validator, [performer(1), performer(2)])).size).toBe(0);
  });
});
