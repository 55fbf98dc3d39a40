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
}
