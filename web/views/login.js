// login.js: the login form; "session expired" when a session ended.
import { h } from '../core/dom.js';
import { errorText } from '../core/api.js';

export async function render(main, params, ctx) {
  const { t, api } = ctx;
  const msg = h('p', { id: 'login-msg', role: 'alert', class: ctx.expired ? 'notice' : 'error' },
    ctx.expired ? t('login.expired') : '');
  const login = h('input', { id: 'login', name: 'login', autocomplete: 'username', required: true, autocapitalize: 'none' });
  const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const button = h('button', { type: 'submit' }, t('login.submit'));
  const form = h('form', { class: 'login card', 'aria-describedby': 'login-msg', onsubmit: submit },
    h('h1', null, t('login.title')),
    msg,
    h('label', { for: 'login' }, t('login.login')), login,
    h('label', { for: 'password' }, t('login.password')), password,
    button);

  async function submit(e) {
    e.preventDefault();
    button.disabled = true;
    msg.className = 'error';
    msg.textContent = '';
    try {
      const res = await api('POST', '/auth/login', { login: login.value.trim(), password: password.value });
      await ctx.loggedIn(res.csrf_token);
    } catch (err) {
      msg.textContent = err.status === 401 ? t('login.wrong') : errorText(err);
      button.disabled = false;
      password.select();
    }
  }

  main.append(form);
  login.focus();
}
