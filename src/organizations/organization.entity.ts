import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/** The kinds of receiving bodies an appeal is forwarded to (59-ФЗ ст. 8 ч. 3). */
export const ORGANIZATION_KINDS = [
  'housing_inspection', // ГЖИ
  'consumer_protection', // Роспотребнадзор
  'prosecutor', // прокуратура
  'antimonopoly', // ФАС
  'local_government', // администрация муниципального образования
  'utility', // другая ресурсоснабжающая или управляющая организация
  'other',
] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

/**
 * A body appeals are forwarded to (issue 20, item 3). Never deleted: a forwarded appeal keeps
 * its id, and the transmittal letter names it.
 */
@Entity('organizations')
export class Organization {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  kind: OrganizationKind;

  /** Where a transmittal letter to print goes (without an e-mail). */
  @Column({ type: 'text', nullable: true })
  postalAddress: string | null;

  /** With one, the transmittal letter goes by e-mail. */
  @Column({ type: 'text', nullable: true })
  email: string | null;

  /** Its orgRootEntityGUID in ГИС ЖКХ: the receiver of a forwarding of an appeal from there. */
  @Column({ type: 'uuid', nullable: true })
  gisOrgGuid: string | null;

  /** The region it serves, as people write it («Санкт-Петербург»). */
  @Column({ type: 'text', nullable: true })
  region: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
