import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { Role } from '../common/auth/roles';
import { Department } from '../departments/department.entity';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-case; logins are case-insensitive. */
  @Column({ type: 'text', unique: true })
  login: string;

  @Column({ type: 'text' })
  passwordHash: string;

  @Column({ type: 'text' })
  fullName: string;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ type: 'text', array: true })
  roles: Role[];

  @Index()
  @Column({ type: 'uuid', nullable: true })
  departmentId: string | null;

  @ManyToOne(() => Department, { onDelete: 'SET NULL' })
  department?: Department | null;

  /** Officers on vacation are skipped by auto-assignment. */
  @Column({ type: 'boolean', default: true })
  available: boolean;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /**
   * The employee's GUID in ГИС ЖКХ (AnswererGUID): sent for this user's actions on ГИС ЖКХ
   * appeals; without it the organisation's answerer (GIS_ZHKH_ANSWERER_GUID) is sent, or the
   * action waits (docs/integrations/gis-zhkh.md).
   */
  @Column({ type: 'uuid', nullable: true })
  gisAnswererGuid: string | null;

  /** Должность: printed under the signature of an answer this user signs (59-ФЗ ст. 10 ч. 4). */
  @Column({ type: 'text', nullable: true })
  position: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastAssignedAt: Date | null;

  /**
   * Appeals assigned or in progress: kept by the trigger `trg_appeals_open_assigned`
   * (migration OfficerOpenCount) in the transaction that moves them; never written by the app.
   */
  @Column({ type: 'integer', default: 0, update: false, insert: false })
  openAssigned: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
