// verify.html checks a record's inclusion from the log the site publishes
// as C2SP tlog-tiles (log/checkpoint, log/tile/): the log's signature by
// the key the page carries, the witnesses' cosignatures against the
// root's quorum (named), and the root from the tiles.  Each failure is a
// twin served from its own copy of the site: a tile with one byte
// flipped, a tile missing, a checkpoint short of the quorum.  The status
// comes first and nothing green stands above a failure; axe-core finds no
// WCAG 2.2 A/AA violation in the result; screenshots at 1280 and 390 px.
// Run by tests/t0613-site-tiles.sh; prints TAP.
//
// usage: node tiles-test.mjs SITES ENVELOPE SHOTS
//   SITES     a folder of sites: good, flipped, missing, short
//   ENVELOPE  a registered record's envelope
//   SHOTS     folder for the screenshots
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const [SITES, ENV, SHOTS] = process.argv.slice(2);
let n = 0;

function ok(cond, desc, diag) {
	n++;
	console.log(`${cond ? 'ok' : 'not ok'} ${n} - ${desc}`);
	if (!cond && diag)
		for (const line of String(diag).split('\n').slice(0, 30))
			console.log(`#   ${line}`);
}

const types = {
	'.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8', '.json': 'application/json',
};
const root = path.resolve(SITES);
const server = http.createServer((req, res) => {
	const p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
	const file = path.resolve(root, '.' + p);
	if (file.startsWith(root + path.sep) && fs.existsSync(file) &&
	    fs.statSync(file).isFile()) {
		res.writeHead(200, { 'Content-Type': types[path.extname(file)] ||
		    (p.endsWith('/checkpoint') ? 'text/plain; charset=utf-8' :
		    'application/octet-stream') });
		fs.createReadStream(file).pipe(res);
		return;
	}
	res.writeHead(404, { 'Content-Type': 'text/plain' });
	res.end('not found');
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;
fs.mkdirSync(SHOTS, { recursive: true });
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'inkan-tiles-'));
const ctx = await chromium.launchPersistentContext(profile, {
	executablePath: '/usr/bin/chromium', headless: true, locale: 'ja-JP',
	viewport: { width: 1280, height: 900 }, bypassCSP: true,
	args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
	    '--disable-background-networking', '--disable-component-update',
	    '--disable-sync'],
});
const envelope = fs.readFileSync(ENV, 'utf8');

async function check(site, lang, width) {
	const page = await ctx.newPage();
	const problems = [];
	page.on('pageerror', (e) => problems.push(`pageerror: ${e}`));
	await page.setViewportSize({ width, height: width < 500 ? 844 : 900 });
	await page.goto(`${base}/${site}/${lang}/verify.html`);
	await page.waitForSelector('#verify-form');
	await page.fill('#v-text', envelope);
	await page.click('#verify-form button[type=submit]');
	await page.waitForSelector('#verify-result .v-status');
	const v = await page.$eval('#verify-result', (e) => {
		const top = (x) => x.getBoundingClientRect().top;
		const status = e.querySelector('.v-status');
		const green = [...e.querySelectorAll('.result-ok, .verdict-ok, .state-ok')];
		const bad = e.querySelector('.result-bad');
		return {
			text: e.innerText,
			ok: !!e.querySelector('.result-ok'),
			bad: !!bad,
			statusFirst: !!status && [...e.querySelectorAll('*')].findIndex(
			    (x) => x === status) <= [...e.querySelectorAll('*')]
			    .findIndex((x) => x.matches('.result-ok, .result-bad')),
			greenAboveBad: !!bad && green.some((g) => top(g) < top(bad)),
			width: document.documentElement.scrollWidth,
			checks: [...e.querySelectorAll('.v-checks li')].map((l) => l.textContent),
		};
	});
	await page.addScriptTag({ path: AXE });
	const axe = await page.evaluate((tags) => window.axe.run(
	    document.querySelector('#verify-result'), { runOnly: { type: 'tag',
	    values: tags } }), TAGS);
	v.axe = axe.violations.map((x) => `${x.id}: ` + x.nodes.map((y) =>
	    y.target.join(' ')).slice(0, 3).join(', '));
	v.problems = problems;
	await page.screenshot({ path: path.join(SHOTS,
	    `verify-${site}-${lang}-${width}.png`), fullPage: true });
	await page.close();
	return v;
}

for (const width of [1280, 390]) {
	const good = await check('good', 'en', width);
	ok(good.ok && !good.bad && good.statusFirst,
	    `${width} px: a registered record: valid, the status first`, good.text);
	ok(good.checks.some((c) => /included in the signed checkpoint/.test(c)),
	    `${width} px: ...its inclusion checked from log/tile`, good.checks.join('\n'));
	ok(good.checks.some((c) => c.includes('Witnesses: cosigned by 2 of the 2 ' +
	    'needed (witness.example/w1, witness.example/w2)')),
	    `${width} px: ...the cosignatures against the quorum, the witnesses named`,
	    good.checks.join('\n'));
	ok(good.axe.length === 0 && good.problems.length === 0 && good.width <= width,
	    `${width} px: ...no axe violation, no script error, no sideways scroll`,
	    good.axe.concat(good.problems).join('\n') + ` width ${good.width}`);
	for (const [site, why, re] of [
	    ['flipped', 'a tile with one byte flipped', /the hashes do not give the checkpoint's root/],
	    ['missing', 'a tile missing', /a hash tile is missing: log\/tile\/0\/000\.p\/\d+/],
	    ['short', 'a checkpoint short of the quorum', /cosigned by 0 witnesses, 2 are needed/]]) {
		const v = await check(site, 'en', width);
		ok(!v.ok && v.bad && !v.greenAboveBad && v.statusFirst &&
		    /Inclusion in the transparency log does not check out/.test(v.text) &&
		    re.test(v.text),
		    `${width} px: ${why}: the inclusion check failed, said plainly, nothing green above it`,
		    v.text);
		ok(v.axe.length === 0 && v.problems.length === 0,
		    `${width} px: ${why}: no axe violation, no script error`,
		    v.axe.concat(v.problems).join('\n'));
	}
}
const ja = await check('flipped', 'ja', 1280);
ok(!ja.ok && ja.bad && /透明性ログへの包含を確認できません/.test(ja.text),
    'ja: a tile with one byte flipped: the inclusion check failed', ja.text);
const jg = await check('good', 'ja', 390);
ok(jg.ok && jg.checks.some((c) => c.includes('証人：必要な 2 件のうち 2 件')),
    'ja at 390 px: valid, the witnesses named', jg.checks.join('\n'));

await ctx.close();
server.close();
fs.rmSync(profile, { recursive: true, force: true });
console.log(`1..${n}`);
