import { Column, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A year of the production calendar that is loaded; a year is either fully known or missing. */
@Entity('calendar_years')
export class CalendarYear {
  @PrimaryColumn({ type: 'int' })
  year: number;

  @Column({ type: 'text' })
  source: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  loadedAt: Date;
}

/** Where an exception of the federal calendar comes from (GET /calendar/{year} `source`). */
export type CalendarDaySource = 'federal' | 'manual';

/** Exceptions to the Mon–Fri rule: 1 day off, 2 shortened working day, 3 working weekend day. */
@Entity('calendar_days')
export class CalendarDay {
  @PrimaryColumn({ type: 'date' })
  date: string;

  @Index()
  @Column({ type: 'int' })
  year: number;

  @Column({ type: 'smallint' })
  type: 1 | 2 | 3;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  /** `federal`: from an xmlcalendar file (bundled or imported); `manual`: set by an admin. */
  @Column({ type: 'text', default: 'federal' })
  source: CalendarDaySource;
}

/** A year of a region's overlay that is loaded (ISO 3166-2:RU code, e.g. RU-TA). */
@Entity('calendar_region_years')
export class CalendarRegionYear {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_calendar_region_years' })
  region: string;

  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'pk_calendar_region_years' })
  year: number;

  @Column({ type: 'text' })
  source: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  loadedAt: Date;
}

/**
 * A region's own day off on top of the federal calendar (a republic's holidays, e.g. Ураза-байрам
 * in Татарстан): counted for deadlines only when the region is the organisation's
 * (CALENDAR_REGION).
 */
@Entity('calendar_region_days')
export class CalendarRegionDay {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_calendar_region_days' })
  region: string;

  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'pk_calendar_region_days' })
  date: string;

  @Column({ type: 'int' })
  year: number;

  @Column({ type: 'text', nullable: true })
  note: string | null;
}
