import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppealsModule } from '../appeals/appeals.module';
import { DepartmentsModule } from '../departments/departments.module';
import { AnswerTemplate } from './answer-template.entity';
import {
  AnswerTemplateRenderController,
  AnswerTemplatesController,
} from './answer-templates.controller';
import { AnswerTemplatesService } from './answer-templates.service';

/** Answer templates per topic (issue 20): admin CRUD and the render for one appeal. */
@Module({
  imports: [TypeOrmModule.forFeature([AnswerTemplate]), AppealsModule, DepartmentsModule],
  controllers: [AnswerTemplatesController, AnswerTemplateRenderController],
  providers: [AnswerTemplatesService],
})
export class AnswerTemplatesModule {}
