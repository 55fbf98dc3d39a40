import { MigrationInterface, QueryRunner } from 'typeorm';

/** Answer templates per topic (issue 20): admins keep them, officers start an answer from one. */
export class AnswerTemplates1797000500000 implements MigrationInterface {
  name = 'AnswerTemplates1797000500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "answer_templates" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "topic_code" text, "name" text NOT NULL, "text" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_answer_templates" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_answer_templates_topic_name" ON "answer_templates" ("topic_code", "name")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_answer_templates_topic_name"`);
    await queryRunner.query(`DROP TABLE "answer_templates"`);
  }
}
