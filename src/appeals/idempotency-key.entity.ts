import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A remembered POST /appeals result, per caller and Idempotency-Key (SPEC §14). */
@Entity('idempotency_keys')
export class IdempotencyKey {
  /** 'user:<id>' or 'key:<id>': keys of different callers never meet. */
  @PrimaryColumn({ type: 'text' })
  scope: string;

  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ type: 'text' })
  requestHash: string;

  @Column({ type: 'int' })
  statusCode: number;

  /**
   * The response as sent: `json` keeps the text exactly (jsonb would reorder its keys), so a
   * replay answers with the first response's bytes (issue 17).
   */
  @Column({ type: 'json' })
  response: unknown;

  @Column({ type: 'uuid', nullable: true })
  appealId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
