// test_weight.mjs: the page's weight over the wire, first visit and
// repeat visit, printed as figures (docs/WEB.md keeps them).
//
// The browser talks to the server through a counting TCP proxy, so
// every byte counts: headers both ways, the service worker's own
// fetches, the API's JSON. Figures of bytes, not timings; the budget of
// issue 4 (first load ≤ 60 KB, a repeat visit ≤ 10 KB, received) is
// asserted. WEIGHT_DEBUG=1 prints each request and answer passing by.
import net from 'node:net';
import { assert, env, login, waitView } from './lib.mjs';

function proxy(target) {
  const count = { up: 0, down: 0, conns: 0 };
  const server = net.createServer((c) => {
    count.conns++;
    const s = net.connect(target.port, target.host);
    c.on('data', (d) => {
      count.up += d.length;
      if (process.env.WEIGHT_DEBUG) for (const m of d.toString('latin1').matchAll(/^(GET|POST|HEAD) (\S+).*$/gm)) console.log('   >', m[1], m[2]);
      s.write(d);
    });
    s.on('data', (d) => {
      count.down += d.length;
      if (process.env.WEIGHT_DEBUG) for (const m of d.toString('latin1').matchAll(/^HTTP\/1.1 (\d+)[^]*?Content-Length: (\d+)/gm)) console.log('   <', m[1], m[2], d.length);
      c.write(d);
    });
    c.on('close', () => s.destroy());
    s.on('close', () => c.destroy());
    c.on('error', () => s.destroy());
    s.on('error', () => c.destroy());
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () =>
    resolve({ count, base: `http://127.0.0.1:${server.address().port}`, close: () => server.close() })));
}

const kb = (n) => (n / 1024).toFixed(1) + ' KB';

export const tests = {
  async 'page weight: first load and repeat visit'(t) {
    const u = new URL(env.base);
    const p = await proxy({ host: u.hostname, port: +u.port });
    try {
      const page = await t.newPage();
      const reset = () => { const c = { ...p.count }; p.count.up = p.count.down = 0; return c; };
      await page.goto(p.base + '/');
      await page.locator('#login').waitFor();
      await page.evaluate(() => navigator.serviceWorker.ready);
      await page.waitForTimeout(300);           // the worker's precache
      const shell = reset();
      await login(page, 'pupil');
      await waitView(page, '#/diary');
      const data = reset();
      // repeat visits: the tab reopened, then reloaded
      await page.goto('about:blank');
      reset();
      await page.goto(p.base + '/');
      await waitView(page, '#/diary');
      const repeat = reset();
      await page.reload();
      await waitView(page, '#/diary');
      const reload = reset();
      console.log(`  page weight, received (sent) over the wire, pupil:
    first load, app shell to the login form: ${kb(shell.down)} (${kb(shell.up)})
    login, /me and the week diary:           ${kb(data.down)} (${kb(data.up)})
    first load in total:                     ${kb(shell.down + data.down)}
    repeat visit (tab reopened):             ${kb(repeat.down)} (${kb(repeat.up)})
    reload:                                  ${kb(reload.down)} (${kb(reload.up)})`);
      assert.ok(shell.down + data.down <= 60 * 1024, `first load ${kb(shell.down + data.down)} over 60 KB`);
      assert.ok(repeat.down <= 10 * 1024, `repeat visit ${kb(repeat.down)} over 10 KB`);
    } finally {
      p.close();
    }
  },
};
