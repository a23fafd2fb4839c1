#!/usr/bin/env node
// run.mjs: the browser tests. make web-run calls it (after api-run).
//
//   node tests/web/run.mjs --bin build/san/mektep --out build/web-artifacts [-k NAME]
//
// Makes a demo database (mektep demo --seed 1 --today 2026-11-24) in a
// temporary directory, starts `mektep serve --today 2026-11-24` on a free
// loopback port, launches Debian's chromium (/usr/bin/chromium, or
// $CHROMIUM) headless through playwright-core, and runs every test of
// every tests/web/test_*.mjs in name order; -k runs only the tests whose
// "file: name" contains NAME. The shape of a test file and the helpers
// are described at the top of lib.mjs. Prints one line per test and
// "web: N passed, N failed"; exits 1 when a test failed or the server's
// standard error shows a sanitizer report.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, openSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { env } from './lib.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TODAY = '2026-11-24';
const SANITIZER = ['AddressSanitizer', 'runtime error:', 'LeakSanitizer'];

function args() {
  const a = { bin: 'build/san/mektep', out: 'build/web-artifacts', k: '' };
  const v = process.argv.slice(2);
  for (let i = 0; i < v.length; i++) {
    if (v[i] === '--bin') a.bin = v[++i];
    else if (v[i] === '--out') a.out = v[++i];
    else if (v[i] === '-k') a.k = v[++i];
    else throw new Error(`unknown argument ${v[i]}`);
  }
  return a;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

async function waitHealthy(base, proc) {
  const until = Date.now() + 20000;
  while (Date.now() < until) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}`);
    try {
      const r = await fetch(base + '/healthz');
      if (r.ok) return;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server not healthy within 20 s');
}

// A test's context: fresh browser contexts, page errors recorded.
function testContext(browser) {
  const contexts = [];
  const errors = [];
  const t = {
    errors,
    async newPage(opts = {}) {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...opts });
      contexts.push(ctx);
      const page = await ctx.newPage();
      page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) {
          errors.push(`CSP: ${m.text()}`);
        }
      });
      return page;
    },
    async close() { for (const c of contexts) await c.close().catch(() => {}); },
  };
  return t;
}

async function main() {
  const a = args();
  const bin = path.resolve(a.bin);
  env.out = path.resolve(a.out);
  mkdirSync(env.out, { recursive: true });
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'mektep-web-'));
  env.db = path.join(tmp, 'web.db');
  const senv = { ...process.env, ASAN_OPTIONS: process.env.ASAN_OPTIONS || 'detect_leaks=1:abort_on_error=0' };
  try {
    execFileSync(bin, ['demo', '--db', env.db, '--seed', '1', '--today', TODAY], { env: senv, stdio: 'pipe' });
  } catch (e) {
    console.log(`FAIL web harness: mektep demo: ${e.stderr}`);
    console.log('web: 0 passed, 1 failed');
    process.exit(1);
  }
  const port = await freePort();
  env.base = `http://127.0.0.1:${port}`;
  const errPath = path.join(tmp, 'serve.stderr');
  const errFd = openSync(errPath, 'a');
  const server = spawn(bin, ['serve', '--db', env.db, '--listen', `127.0.0.1:${port}`,
    '--threads', '2', '--today', TODAY], { env: senv, stdio: ['ignore', errFd, errFd] });
  let passed = 0;
  let failed = 0;
  let browser = null;
  try {
    await waitHealthy(env.base, server);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-dev-shm-usage'],
    });
    env.browser = browser;
    const files = readdirSync(HERE).filter((f) => /^test_.*\.mjs$/.test(f)).sort();
    for (const f of files) {
      const mod = await import(pathToFileURL(path.join(HERE, f)).href);
      for (const [name, fn] of Object.entries(mod.tests || {})) {
        const full = `${f.replace(/\.mjs$/, '')}: ${name}`;
        if (a.k && !full.includes(a.k)) continue;
        const t = testContext(browser);
        const t0 = Date.now();
        try {
          t.page = await t.newPage();
          t.context = t.page.context();
          await fn(t);
          if (t.errors.length) throw new Error(t.errors.join('\n'));
          passed++;
          console.log(`ok   ${full} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
        } catch (e) {
          failed++;
          console.log(`FAIL ${full}\n  ${String(e && e.stack || e).split('\n').slice(0, 12).join('\n  ')}`);
          if (t.page) await t.page.screenshot({ path: path.join(env.out, `FAIL-${full.replace(/[^\w-]+/g, '_')}.png`) }).catch(() => {});
        } finally {
          await t.close();
        }
      }
    }
  } catch (e) {
    failed++;
    console.log(`FAIL web harness: ${e && e.stack || e}`);
  } finally {
    if (browser) await browser.close().catch(() => {});
    server.kill('SIGTERM');
    await new Promise((r) => (server.exitCode !== null ? r() : server.on('exit', r)));
  }
  const errText = readFileSync(errPath, 'utf8');
  if (SANITIZER.some((m) => errText.includes(m))) {
    failed++;
    console.log('FAIL server: sanitizer report on stderr:\n' + errText.split('\n').filter((l) => !l.startsWith('{')).slice(-40).join('\n'));
  }
  rmSync(tmp, { recursive: true, force: true });
  console.log(`web: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main();
