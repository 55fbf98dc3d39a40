import { api } from './api.js';
import { h, replace, say } from './dom.js';
import { appealTable } from './lists.js';

const byDeadline = (a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999');

/** The officer's queue: my open appeals by deadline, and the department's queue to take from. */
export async function renderQueue(view, { user, go }) {
  const mine = await api.get('/appeals', {
    assigneeId: user.id,
    status: 'assigned,in_progress,answer_review',
    limit: 500,
  });
  const queued = user.departmentId
    ? await api.get('/appeals', {
        status: 'registered',
        departmentId: user.departmentId,
        limit: 500,
      })
    : { items: [] };
  const canTake = user.roles.includes('officer');
  replace(
    view,
    h(
      'section',
      { class: 'card' },
      h('h1', {}, 'Мои обращения'),
      h(
        'p',
        { class: 'legend' },
        'По сроку ответа. Жёлтым — срок в ближайшие 3 дня, красным — просрочено.',
      ),
      appealTable(mine.items.sort(byDeadline), { id: 'my-appeals' }),
    ),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Очередь отдела'),
      appealTable(queued.items.sort(byDeadline), {
        id: 'department-queue',
        extra: canTake
          ? (a) =>
              h(
                'button',
                {
                  type: 'button',
                  class: 'take',
                  'aria-label': `Взять ${a.regNumber}`,
                  onclick: async (e) => {
                    e.target.disabled = true;
                    try {
                      await api.post(`/appeals/${a.id}/take`);
                      say(`Обращение ${a.regNumber} назначено вам`);
                      go(`#/appeal/${a.id}`);
                    } catch (err) {
                      say(err.problem?.detail ?? err.message);
                      e.target.disabled = false;
                    }
                  },
                },
                'Взять',
              )
          : undefined,
      }),
    ),
  );
}
