import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SlaPolicy } from '../sla/sla-policy.entity';
import { Topic } from './topic.entity';
import { Department } from './department.entity';
import { DepartmentsController, TopicsController } from './departments.controller';
import { DepartmentsService } from './departments.service';

@Module({
  imports: [TypeOrmModule.forFeature([Department, Topic, SlaPolicy])],
  controllers: [DepartmentsController, TopicsController],
  providers: [DepartmentsService],
  exports: [DepartmentsService],
})
export class DepartmentsModule {}
