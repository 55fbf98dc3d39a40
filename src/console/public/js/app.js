import { api, session, whenUnauthorized } from './api.js';
import { h, replace } from './dom.js';
import { ROLE } from './format.js';
import { renderLogin } from './login.js';
import { renderClerk } from './clerk.js';
import { renderFind } from './find.js';
import { renderQueue } from './queue.js';
import { renderAppeal } from './appeal.js';
import { renderDashboard } from './dashboard.js';

// The screens and who sees them: the same roles the API checks (docs/architecture.md, routes).
const SCREENS = [
  { path: 'clerk', label: 'Регистрация', roles: ['clerk'], render: renderClerk },
  { path: 'queue', label: 'Мои обращения', roles: ['officer', 'head'], render: renderQueue },
  { path: 'dashboard', label: 'Панель', roles: ['head', 'supervisor'], render: renderDashboard },
  {
    path: 'find',
    label: 'Поиск',
    roles: ['clerk', 'officer', 'head', 'supervisor', 'admin'],
    render: renderFind,
  },
];

const view = () => document.getElementById('view');
const may = (screen, user) => screen.roles.some((r) => user.roles.includes(r));

function go(hash) {
  if (location.hash === hash) void route();
  else location.hash = hash;
}

whenUnauthorized(() => go('#/login'));

function drawHeader(user) {
  const top = document.getElementById('top');
  top.hidden = !user;
  if (!user) return;
  const here = location.hash.split('/')[1];
  replace(
    document.getElementById('menu'),
    SCREENS.filter((s) => may(s, user)).map((s) =>
      h(
        'a',
        { href: `#/${s.path}`, 'aria-current': s.path === here ? 'page' : undefined },
        s.label,
      ),
    ),
  );
  replace(
    document.getElementById('who'),
    `${user.fullName} (${user.roles.map((r) => ROLE[r] ?? r).join(', ')})`,
  );
}

async function route() {
  const [, name, arg] = location.hash.split('/');
  const user = session.user;
  if (!session.token || !user) {
    drawHeader(null);
    renderLogin(view(), {
      onLoggedIn: (u) => go(`#/${SCREENS.find((s) => may(s, u))?.path ?? 'find'}`),
    });
    return;
  }
  drawHeader(user);
  const ctx = { user, go };
  if (name === 'appeal' && arg) return renderAppeal(view(), ctx, decodeURIComponent(arg));
  const screen = SCREENS.find((s) => s.path === name && may(s, user));
  if (!screen) return go(`#/${SCREENS.find((s) => may(s, user))?.path ?? 'find'}`);
  await screen.render(view(), ctx);
  view().focus();
}

document.getElementById('logout').addEventListener('click', () => {
  session.clear();
  go('#/login');
});
window.addEventListener('hashchange', () => void route());

// A reload keeps the session: the stored token is checked once against GET /auth/me (an expired
// one answers 401 and lands on the log-in page).
async function start() {
  if (session.token) {
    try {
      session.setUser(await api.get('/auth/me'));
    } catch {
      /* 401 handled in api.js; other errors: keep the stored user */
    }
  }
  await route();
}
void start();
