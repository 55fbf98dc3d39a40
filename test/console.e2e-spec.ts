import chromium from '@sparticuz/chromium';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { appealBody } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * The browser console at /console (issue 26) in a real headless Chromium, on the public API only:
 * each role logs in, a clerk registers a letter with a scan, an officer takes and answers it, the
 * dashboard's numbers equal the reports API's. Screenshots go to .screenshots/console/ (ignored
 * by git); docs/console/*.png are copies of them.
 */
const SHOTS = join(__dirname, '..', '.screenshots', 'console');
const WAIT = { timeout: 30_000 };
// The page's globals, as the callbacks below run them in the browser (the tests' TypeScript has
// no DOM library, and a lib reference here would change it for the whole program).
interface Field {
  value: string;
  textContent: string | null;
}
declare const document: {
  querySelector(selector: string): Field | null;
  documentElement: { scrollWidth: number };
};
declare const window: {
  __xss?: number;
  Chart?: {
    getChart(
      id: string,
    ): { data: { datasets: { data: number[] }[] }; chartArea?: { width: number } } | undefined;
  };
};
declare const sessionStorage: { setItem(key: string, value: string): void };

const localToday = (): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow' }).format(new Date());
/** The Monday eleven weeks before this week's: the dashboard's 12 weeks. */
function twelveWeeksAgo(): string {
  const today = new Date(`${localToday()}T00:00:00Z`);
  const monday = today.getTime() - ((today.getUTCDay() + 6) % 7) * 86_400_000;
  return new Date(monday - 77 * 86_400_000).toISOString().slice(0, 10);
}

const XSS = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2"><b>жирный</b>';

describe('the browser console', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let billing: string;
  const staff: Record<string, { id: string; login: string; password: string }> = {};
  const cspViolations: string[] = [];
  let scanPath: string;
  let exePath: string;

  beforeAll(async () => {
    // The server's clock is the browser's: days left are counted from the same today.
    t = await startTestApp({ now: new Date().toISOString() });
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    base = `http://127.0.0.1:${port}`;
    billing = await t.departmentId('billing');
    for (const [role, dept] of [
      ['clerk', await t.departmentId('general')],
      ['officer', billing],
      ['head', billing],
      ['supervisor', undefined],
    ] as const) {
      const login = `console-${role}`;
      const { id } = await t.createStaff([role], { login, departmentId: dept });
      staff[role] = { id, login, password: `pw-${login}-0123456789` };
    }
    const dir = join(tmpdir(), `console-e2e-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    mkdirSync(SHOTS, { recursive: true });
    scanPath = join(dir, 'скан письма.pdf');
    writeFileSync(scanPath, '%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    exePath = join(dir, 'scan.pdf');
    writeFileSync(exePath, Buffer.concat([Buffer.from('MZ'), Buffer.alloc(4096, 7)]));
    browser = await puppeteer.launch({
      args: [...chromium.args, '--lang=ru-RU'],
      executablePath: await chromium.executablePath(),
      headless: true,
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function open(role?: string, width = 1280, height = 800): Promise<Page> {
    const page = await browser.newPage();
    await page.setViewport({ width, height });
    page.setDefaultTimeout(WAIT.timeout);
    // A script error in the console fails loudly in the test's output.
    page.on('pageerror', (err) => console.error(`console page error: ${String(err)}`));
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    await page.goto(`${base}/console/`);
    await page.waitForSelector('#login-form');
    if (role) {
      await page.type('input[name=login]', staff[role].login);
      await page.type('input[name=password]', staff[role].password);
      await page.click('#login-form button[type=submit]');
      await page.waitForSelector('#menu a');
    }
    return page;
  }
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  const text = (page: Page, selector: string) =>
    page.$eval(selector, (el) => (el.textContent ?? '').trim());
  const menu = (page: Page) =>
    page.$$eval('#menu a', (as) => as.map((a) => (a.textContent ?? '').trim()));

  it('is served under a CSP that allows its own files only, and serves Chart.js', async () => {
    const res = await t.http.get('/console/').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    const chart = await t.http.get('/console/vendor/chart.umd.js').expect(200);
    expect(chart.headers['content-type']).toMatch(/javascript/);
    // The API keeps its own, stricter policy.
    const api = await t.http.get('/api/v1/topics').auth(t.adminToken, { type: 'bearer' });
    expect(api.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('says only that the log-in failed on a wrong password', async () => {
    const page = await open();
    await page.type('input[name=login]', staff.clerk.login);
    await page.type('input[name=password]', 'wrong-password');
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('#login-error:not([hidden])');
    expect(await text(page, '#login-error')).toBe('Неверный логин или пароль.');
    await shot(page, 'login');
    await page.close();
  });

  let appealId: string;
  let regNumber: string;

  it('lets a clerk register a letter with a scan and shows number, due date and checks', async () => {
    // Nobody available in billing: the letter waits in the department's queue for a take.
    await t.http
      .patch(`/api/v1/users/${staff.officer.id}`)
      .auth(t.adminToken, { type: 'bearer' })
      .send({ available: false })
      .expect(200);
    const page = await open('clerk');
    expect(await menu(page)).toEqual(['Регистрация', 'Поиск']);
    await page.waitForSelector('#register-form');
    await page.select('select[name=channel]', 'post');
    await page.select('select[name=topicCode]', 'billing');
    await page.type('input[name="incomingLetter.number"]', '12/вх-345');
    await page.type('input[name="applicant.lastName"]', 'Петрова');
    await page.type('input[name="applicant.firstName"]', 'Анна');
    await page.type(
      'input[name="applicant.postalAddress"]',
      '170000, г. Тверь, ул. Советская, д. 5',
    );
    await page.type('input[name=accountNumber]', '77-001');
    await page.type('input[name=serviceAddress]', 'г. Тверь, ул. Советская, д. 5');
    await page.type('textarea[name=text]', XSS);
    const file = await page.$('#scan-input');
    await (file as unknown as { uploadFile(p: string): Promise<void> }).uploadFile(scanPath);
    await page.waitForSelector('#file-list li');
    await page.click('#register-form button[type=submit]');
    await page.waitForSelector('#registration-result:not([hidden]) #result-reg-number');
    regNumber = await text(page, '#result-reg-number');
    const [row] = await t.db.query<{ id: string; due_date: string; text: string }[]>(
      "SELECT id, to_char(due_date, 'DD.MM.YYYY') AS due_date, text FROM appeals WHERE reg_number = $1",
      [regNumber],
    );
    appealId = row.id;
    expect(row.text).toBe(XSS);
    expect(await text(page, '#result-due-date')).toBe(row.due_date);
    expect(await page.$$eval('#result-checks li', (li) => li.length)).toBeGreaterThan(0);
    const [files] = await t.db.query<{ n: string }[]>(
      'SELECT count(*) AS n FROM attachments WHERE appeal_id = $1',
      [appealId],
    );
    expect(Number(files.n)).toBe(1);
    await shot(page, 'clerk');

    // The receipt: the registration card PDF, fetched with the token.
    const pdf = page.waitForResponse((r) => r.url().includes('/registration-card.pdf'));
    await page.click('#print-card');
    expect((await pdf).status()).toBe(200);

    // A reload keeps the session.
    await page.reload();
    await page.waitForSelector('#register-form');
    expect(await menu(page)).toEqual(['Регистрация', 'Поиск']);
    await page.close();
  });

  it('shows field errors next to the fields and why a file was refused', async () => {
    const page = await open('clerk');
    await page.waitForSelector('#register-form');
    await page.type('input[name="applicant.email"]', 'not-an-email');
    await page.type('textarea[name=text]', 'Текст');
    await page.click('#register-form button[type=submit]');
    await page.waitForSelector('[data-error-for="applicant.email"]:not(:empty)');
    expect(await text(page, '#register-form .alert strong')).not.toBe('');

    await page.$eval(
      'input[name="applicant.email"]',
      (el) => ((el as unknown as Field).value = ''),
    );
    const file = await page.$('#scan-input');
    await (file as unknown as { uploadFile(p: string): Promise<void> }).uploadFile(exePath);
    await page.waitForSelector('#file-list li');
    await page.click('#register-form button[type=submit]');
    await page.waitForSelector('#register-form .alert:not([hidden])');
    await page.waitForFunction(() => {
      const slot = document.querySelector('[data-error-for="files"]');
      const box = document.querySelector('#register-form .alert');
      return (slot?.textContent ?? '') + (box?.textContent ?? '') !== '';
    }, WAIT);
    const refused = await t.http
      .post('/api/v1/appeals')
      .auth(await t.login(staff.clerk.login, staff.clerk.password), { type: 'bearer' })
      .field('appeal', JSON.stringify(appealBody('post')))
      .attach('files', exePath)
      .expect(422);
    const problem = refused.body as {
      title: string;
      detail?: string;
      errors?: { message: string }[];
    };
    // The server's own words, in the alert or next to the drop zone.
    const why = await page.$eval(
      '#register-form',
      (f) =>
        (f.querySelector('.alert')?.textContent ?? '') +
        (f.querySelector('[data-error-for="files"]')?.textContent ?? ''),
    );
    expect(why).toContain(problem.title);
    await page.close();
  });

  it('shows typed text as text, never as markup', async () => {
    const page = await open('clerk');
    await page.goto(`${base}/console/#/appeal/${appealId}`);
    await page.waitForSelector('#appeal-text');
    expect(await text(page, '#appeal-text')).toBe(XSS);
    expect(await page.$$('#appeal-text *')).toHaveLength(0);
    expect(await page.evaluate(() => window.__xss)).toBeUndefined();
    await page.close();
  });

  let templateId: string;
  let extended: string;

  it('lets the officer take the letter from the queue, start and answer it', async () => {
    templateId = (
      (
        await t.http
          .post('/api/v1/answer-templates')
          .auth(t.adminToken, { type: 'bearer' })
          .send({ topicCode: 'billing', name: 'Перерасчёт', text: 'По обращению № {{regNumber}}.' })
          .expect(201)
      ).body as { id: string }
    ).id;
    await t.http
      .patch(`/api/v1/users/${staff.officer.id}`)
      .auth(t.adminToken, { type: 'bearer' })
      .send({ available: true })
      .expect(200);
    const page = await open('officer');
    expect(await menu(page)).toEqual(['Мои обращения', 'Поиск']);
    await page.waitForSelector(`#department-queue tr[data-appeal-id="${appealId}"] button.take`);
    await shot(page, 'officer');
    await page.click(`#department-queue tr[data-appeal-id="${appealId}"] button.take`);
    await page.waitForSelector('#appeal-page #start');
    await page.click('#start');
    await page.waitForFunction(
      () => document.querySelector('#appeal-status')?.textContent === 'В работе',
      WAIT,
    );
    await page.waitForSelector('#answer-form');
    // From a template: GET /appeals/{id}/answer-templates/{templateId}/render fills the text.
    await page.waitForSelector(`#answer-form select[name=template] option[value="${templateId}"]`);
    await page.select('#answer-form select[name=template]', templateId);
    await page.waitForFunction(
      (n) => (document.querySelector('#answer-text') as unknown as Field).value.includes(n),
      WAIT,
      regNumber,
    );
    await page.type('#answer-text', ' Перерасчёт выполнен.');
    await page.select('#answer-form select[name=outcome]', 'supported');
    await page.click('#answer-form button[type=submit]');
    await page.waitForSelector('#appeal-answer');
    const [row] = await t.db.query<{ status: string; assignee_id: string }[]>(
      'SELECT status, assignee_id FROM appeals WHERE id = $1',
      [appealId],
    );
    expect(row.assignee_id).toBe(staff.officer.id);
    expect(['answered', 'answer_review']).toContain(row.status);
    await shot(page, 'officer-appeal');
    await page.close();
  });

  it('lets the officer request an extension of an assigned appeal', async () => {
    const key = (await t.createApiKey(['web'])).key;
    const res = await t.http
      .post('/api/v1/appeals')
      .set('X-API-Key', key)
      .send(appealBody('web', { text: 'Прошу проверить начисления за воду за март' }))
      .expect(201);
    extended = (res.body as { id: string }).id;
    expect((res.body as { assigneeId: string }).assigneeId).toBe(staff.officer.id);
    const page = await open('officer');
    await page.waitForSelector(`#my-appeals tr[data-appeal-id="${extended}"]`);
    await page.goto(`${base}/console/#/appeal/${extended}`);
    await page.waitForSelector('#extension-form');
    await page.$eval(
      '#extension-form input[name=days]',
      (el) => ((el as unknown as Field).value = '10'),
    );
    await page.type('#extension-form input[name=reason]', 'Нужен акт обследования');
    await page.click('#extension-form button[type=submit]');
    await page.waitForSelector('#extensions li, #extension-form .alert:not([hidden])');
    // A refusal would show the problem here: its text makes the failure readable.
    expect(
      await page.$eval('#extension-form', (f) => f.querySelector('.alert')?.textContent ?? ''),
    ).toBe('');
    const [row] = await t.db.query<{ status: string; days: number }[]>(
      'SELECT status, days FROM appeal_extensions WHERE appeal_id = $1',
      [extended],
    );
    expect(row).toMatchObject({ status: 'pending', days: 10 });
    await page.close();
  });

  it('shows the supervisor the same numbers as the reports API, and the review queue', async () => {
    const key = (await t.createApiKey(['web'])).key;
    // An abusive one lands in the review queue (SPEC §4).
    const abusive = await t.http
      .post('/api/v1/appeals')
      .set('X-API-Key', key)
      .send(appealBody('web', { text: 'Вы там все идиоты и дебилы, я вас убью' }))
      .expect(201);
    const supervisorToken = await t.login(staff.supervisor.login, staff.supervisor.password);
    const report = async (path: string) =>
      (await t.http.get(`/api/v1/reports/${path}`).auth(supervisorToken, { type: 'bearer' }))
        .body as { total: number };

    // Legacy letters (SPEC §13) make one appeal overdue and one at risk, so the numbers are not 0.
    const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
    await t.http
      .post('/api/v1/appeals/import')
      .auth(t.adminToken, { type: 'bearer' })
      .send({
        appeals: [
          { ...appealBody('post'), regNumber: 'Л-1', registeredAt: daysAgo(45) },
          { ...appealBody('post'), regNumber: 'Л-2', registeredAt: daysAgo(28) },
        ],
      })
      .expect(201);

    const page = await open('supervisor');
    expect(await menu(page)).toEqual(['Панель', 'Поиск']);
    await page.waitForSelector('#tile-overdue .value');
    await page.waitForSelector('#trends canvas, #trends-empty');
    // The charts come from GET /reports/trends (issue 25); without it the page says «нет данных».
    const trends = await t.http
      .get('/api/v1/reports/trends')
      .query({ from: twelveWeeksAgo(), to: localToday(), bucket: 'week', groupBy: 'channel' })
      .auth(supervisorToken, { type: 'bearer' });
    if (trends.status === 200) {
      const series = (trends.body as { series: { points: { registered: number }[] }[] }).series;
      const registered = series.flatMap((x) => x.points).reduce((n, p) => n + p.registered, 0);
      await page.waitForSelector('#chart-intake');
      const drawn = await page.evaluate(
        () =>
          window.Chart?.getChart('chart-intake')
            ?.data.datasets.flatMap((d) => d.data)
            .reduce((n, v) => n + v, 0) ?? -1,
      );
      expect(drawn).toBe(registered);
      await page.waitForFunction(
        () => (window.Chart?.getChart('chart-sla')?.chartArea?.width ?? 0) > 0,
        WAIT,
      );
    } else {
      expect(await text(page, '#trends-empty')).toBe('нет данных');
    }
    expect(await text(page, '#tile-overdue .value')).toBe(String((await report('overdue')).total));
    const overdueTotal = (await report('overdue')).total;
    const riskTotal = (await report('at-risk')).total;
    expect(overdueTotal).toBeGreaterThan(0);
    expect(riskTotal).toBeGreaterThan(0);
    expect(await text(page, '#tile-risk .value')).toBe(String(riskTotal));
    // By department: the billing row carries the report's overdue total for billing.
    const overdueReport = (
      await t.http.get('/api/v1/reports/overdue').auth(supervisorToken, { type: 'bearer' })
    ).body as { totals: { byDepartment: { departmentName: string; count: number }[] } };
    for (const d of overdueReport.totals.byDepartment) {
      const cell = await page.$$eval(
        '#by-department tbody tr',
        (rows, name) =>
          rows.find((r) => r.querySelector('th')?.textContent === name)?.querySelector('td.overdue')
            ?.textContent,
        d.departmentName,
      );
      expect(cell).toBe(String(d.count));
    }
    const openRows = await t.db.query<{ n: string }[]>(
      "SELECT count(*) AS n FROM appeals WHERE status IN ('registered','under_review','assigned','in_progress','answer_review')",
    );
    expect(await text(page, '#tile-open .value')).toBe(openRows[0].n);
    const abusiveStatus = (abusive.body as { status: string }).status;
    if (abusiveStatus === 'under_review') {
      await page.waitForSelector(
        `#review-queue tr[data-appeal-id="${(abusive.body as { id: string }).id}"]`,
      );
    }
    await shot(page, 'dashboard');

    // A report download goes through fetch with the token.
    const csv = page.waitForResponse(
      (r) => r.url().includes('/reports/overdue') && r.url().includes('format=csv'),
    );
    await page.click('#downloads button[data-report="overdue"][data-format="csv"]');
    expect((await csv).status()).toBe(200);

    // The extension request, approved from the dashboard.
    await page.click(`#extension-requests tr[data-appeal-id="${extended}"] button.approve`);
    await page.waitForFunction(
      (appeal) => !document.querySelector(`#extension-requests tr[data-appeal-id="${appeal}"]`),
      WAIT,
      extended,
    );
    const [ext] = await t.db.query<{ status: string }[]>(
      'SELECT status FROM appeal_extensions WHERE appeal_id = $1',
      [extended],
    );
    expect(ext.status).toBe('approved');

    // The review queue's accept goes through POST /appeals/{id}/accept.
    if (abusiveStatus === 'under_review') {
      const id = (abusive.body as { id: string }).id;
      await page.click(`#review-queue tr[data-appeal-id="${id}"] button.accept`);
      await page.waitForFunction(
        (appeal) => !document.querySelector(`#review-queue tr[data-appeal-id="${appeal}"]`),
        WAIT,
        id,
      );
      const [row] = await t.db.query<{ status: string }[]>(
        'SELECT status FROM appeals WHERE id = $1',
        [id],
      );
      expect(row.status).not.toBe('under_review');
    }
    await page.close();
  });

  it('gives a head the dashboard and the queue, and fits a tablet', async () => {
    const page = await open('head', 820, 1180);
    expect(await menu(page)).toEqual(['Мои обращения', 'Панель', 'Поиск']);
    await page.goto(`${base}/console/#/dashboard`);
    await page.waitForSelector('#tile-overdue .value');
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scroll).toBeLessThanOrEqual(820);
    await shot(page, 'dashboard-tablet');
    await page.close();
  });

  it('returns to the log-in page when the token is no longer accepted', async () => {
    const page = await open('clerk');
    await page.evaluate(() => sessionStorage.setItem('appeals.token', 'expired.token.value'));
    await page.goto(`${base}/console/#/find`);
    await page.reload();
    await page.waitForSelector('#login-form');
    await page.close();
  });

  it('colours a deadline from the API fields: overdue, at risk within 3 days, else none', async () => {
    const page = await open();
    // A string, not a function: TypeScript would turn import() into require().
    const states = (await page.evaluate(`import('/console/js/format.js').then((f) => {
      const a = (dueDate, more = {}) => ({ status: 'in_progress', overdue: false, dueDate, ...more });
      return [
        f.deadlineState(a('2026-04-20'), '2026-04-10'),
        f.deadlineState(a('2026-04-13'), '2026-04-10'),
        f.deadlineState(a('2026-04-10'), '2026-04-10'),
        f.deadlineState(a('2026-04-09'), '2026-04-10'),
        f.deadlineState(a('2026-04-20', { overdue: true }), '2026-04-10'),
        f.deadlineState(a('2026-04-01', { status: 'answered' }), '2026-04-10'),
        f.daysLeftText(f.daysLeft('2026-04-13', '2026-04-10')),
        f.daysLeftText(f.daysLeft('2026-04-08', '2026-04-10')),
        f.daysLeft('2026-03-01', '2026-02-28'),
      ];
    })`)) as unknown[];
    expect(states).toEqual([
      'ok',
      'risk',
      'risk',
      'overdue',
      'overdue', // the API's flag wins over the browser's date
      'closed',
      'осталось 3 дн.',
      'просрочено на 2 дн.',
      1,
    ]);
    await page.close();
  });

  it('runs without a single Content-Security-Policy violation', () => {
    expect(cspViolations).toEqual([]);
  });
});
