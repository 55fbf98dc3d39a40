import { AttachmentsModule } from '../attachments/attachments.module';
import { Module } from '@nestjs/common';
import { AppealsModule } from '../appeals/appeals.module';
import { AssignmentModule } from '../assignment/assignment.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { SlaModule } from '../sla/sla.module';
import { CorrectionsController } from './corrections.controller';
import { CorrectionsService } from './corrections.service';
import { AnswerSignOffController } from './answer-sign-off.controller';
import { AnswerSignOffService } from './answer-sign-off.service';
import { ClocksController } from './clocks.controller';
import { ClocksService } from './clocks.service';
import { LegalReviewController } from './legal-review.controller';
import { LegalReviewService } from './legal-review.service';
import { NotesController } from './notes.controller';
import { NotesService } from './notes.service';
import { ReviewController } from './review.controller';
import { ReviewService } from './review.service';
import { WorkflowController } from './workflow.controller';
import { WorkflowService } from './workflow.service';

/**
 * The case lifecycle after registration (SPEC §7, §14): a head's review of a flagged appeal and
 * take, start, forward, crime report, withdraw, answer; an appeal's legal clocks by hand (an
 * authority's control date, the seven-day questions); internal notes and the legal
 * department's mark (issue 20). The assignee is chosen and changed by
 * AssignmentService. Not to be confused with `lifecycle/`, the process's graceful shutdown.
 */
@Module({
  imports: [
    AppealsModule,
    AssignmentModule,
    AttachmentsModule,
    NotificationsModule,
    OrganizationsModule,
    SlaModule,
  ],
  controllers: [
    WorkflowController,
    ReviewController,
    ClocksController,
    NotesController,
    LegalReviewController,
    CorrectionsController,
    AnswerSignOffController,
  ],
  providers: [
    AnswerSignOffService,
    WorkflowService,
    ReviewService,
    ClocksService,
    NotesService,
    LegalReviewService,
    CorrectionsService,
  ],
})
export class WorkflowModule {}
