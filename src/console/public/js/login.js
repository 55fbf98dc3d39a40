import { api, session } from './api.js';
import { h, field, replace } from './dom.js';

export function renderLogin(view, { onLoggedIn }) {
  const login = h('input', { name: 'login', autocomplete: 'username', required: true });
  const password = h('input', {
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const error = h('p', { class: 'alert', role: 'alert', id: 'login-error', hidden: true });
  const form = h(
    'form',
    { class: 'card login', id: 'login-form', novalidate: true },
    h('h1', {}, 'Вход в консоль'),
    field('Логин', login),
    field('Пароль', password),
    error,
    h('button', { type: 'submit' }, 'Войти'),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.hidden = true;
    try {
      const res = await api.post('/auth/login', { login: login.value, password: password.value });
      session.save(res.accessToken, res.user);
      onLoggedIn(res.user);
    } catch (err) {
      // Never says which of the two was wrong.
      error.textContent =
        err.status === 401
          ? 'Неверный логин или пароль.'
          : err.status === 429
            ? 'Слишком много попыток входа. Подождите минуту.'
            : (err.problem?.detail ?? err.problem?.title ?? 'Не удалось войти.');
      error.hidden = false;
      password.value = '';
      password.focus();
    }
  });
  replace(view, form);
  login.focus();
}
