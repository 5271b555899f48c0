// Browser tests of the site `inkan site build` writes, in Debian's
// chromium driven by playwright-core, printing TAP for prove.
//
// usage: node browser-test.mjs SITE INJECT_SITE ENVELOPE SHOTS
//   SITE         a site built from tests/site/mkreg.sh's registry
//   INJECT_SITE  a site built from its "inject" registry
//   ENVELOPE     an envelope registered in SITE's registry
//   SHOTS        folder for the screenshots
//
// Both sites are served by a small HTTP server on 127.0.0.1 under
// sub-paths (/site/, /inject/), as a web server would serve them from a
// folder.
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const [SITE, INJECT, ENVELOPE, SHOTS, ATTACKED] = process.argv.slice(2);
let n = 0, failed = 0;

function ok(cond, desc, diag) {
	n++;
	if (cond) {
		console.log(`ok ${n} - ${desc}`);
	} else {
		failed++;
		console.log(`not ok ${n} - ${desc}`);
		if (diag) {
			for (const line of String(diag).split('\n').slice(0, 30))
				console.log(`#   ${line}`);
		}
	}
}

const types = {
	'.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8', '.json': 'application/json',
	'.atom': 'application/atom+xml', '.csv': 'text/csv; charset=utf-8',
	'.txt': 'text/plain; charset=utf-8',
};

function serve(mounts) {
	const server = http.createServer((req, res) => {
		const url = new URL(req.url, 'http://x');
		let p = decodeURIComponent(url.pathname);
		for (const [prefix, dir] of Object.entries(mounts)) {
			if (!p.startsWith(prefix))
				continue;
			let rel = p.slice(prefix.length);
			if (rel === '' || rel.endsWith('/'))
				rel += 'index.html';
			const file = path.resolve(dir, rel);
			if (!file.startsWith(path.resolve(dir) + path.sep) ||
			    !fs.existsSync(file) || !fs.statSync(file).isFile())
				break;
			res.writeHead(200, { 'Content-Type':
			    types[path.extname(file)] || 'application/octet-stream' });
			fs.createReadStream(file).pipe(res);
			return;
		}
		res.writeHead(404, { 'Content-Type': 'text/plain' });
		res.end('not found');
	});
	return new Promise((resolve) => server.listen(0, '127.0.0.1',
	    () => resolve(server)));
}

const server = await serve({ '/site/': SITE, '/inject/': INJECT,
    '/attacked/': ATTACKED || SITE });
const base = `http://127.0.0.1:${server.address().port}`;
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'inkan-chromium-'));
fs.mkdirSync(SHOTS, { recursive: true });

async function launch(js) {
	const dir = fs.mkdtempSync(path.join(profile, js ? 'js-' : 'nojs-'));
	return chromium.launchPersistentContext(dir, {
		executablePath: '/usr/bin/chromium',
		headless: true,
		javaScriptEnabled: js,
		locale: 'ja-JP',
		viewport: { width: 1280, height: 900 },
		args: ['--headless', '--no-sandbox', '--disable-gpu',
		    '--disable-quic', '--no-first-run',
		    '--disable-background-networking',
		    '--disable-component-update', '--disable-sync'],
	});
}

// A page that records console errors, page errors and dialogs.
async function open(ctx) {
	const page = await ctx.newPage();
	page.problems = [];
	page.dialogs = [];
	page.on('console', (m) => {
		if (m.type() === 'error')
			page.problems.push(`console: ${m.text()}`);
	});
	page.on('pageerror', (e) => page.problems.push(`pageerror: ${e}`));
	page.on('dialog', async (d) => {
		page.dialogs.push(d.message());
		await d.dismiss();
	});
	page.on('requestfailed', (r) =>
	    page.problems.push(`request failed: ${r.url()}`));
	page.on('response', (r) => {
		if (r.status() >= 400)
			page.problems.push(`HTTP ${r.status()}: ${r.url()}`);
	});
	return page;
}

const ids = Object.fromEntries(fs.readFileSync(path.join(path.dirname(SITE),
    'ids'), 'utf8').trim().split('\n').map((l) => l.split(' ')));
const hex = (name) => ids[name].slice(7);

// --- pages load cleanly, screenshots ------------------------------------
const js = await launch(true);
const pages = [
	['home-ja', '/site/ja/index.html'],
	['home-en', '/site/en/index.html'],
	['list-star3-active', '/site/ja/list/scheme-scs-star3-status-active.html'],
	['record-audit', `/site/ja/r/${hex('hikari2')}.html`],
	['record-scs', `/site/ja/r/${hex('scs')}.html`],
	['record-delisted', `/site/en/r/${hex('kazoeru')}.html`],
	['soc3', `/site/ja/soc3/${hex('hikari2')}.html`],
	['service', '/site/ja/svc/9011101000004-base-iaas.html'],
	['revocations', '/site/ja/revocations.html'],
	['glossary', '/site/en/glossary.html'],
	['compare-table', '/site/ja/list/cmp-scheme-ismap-cloud.html'],
];
for (const [name, url] of pages) {
	const page = await open(js);
	const resp = await page.goto(base + url);
	await page.waitForLoadState('networkidle');
	await page.screenshot({ path: path.join(SHOTS, `${name}.png`),
	    fullPage: true });
	ok(resp.status() === 200 && page.problems.length === 0,
	    `${name}: loads with no console error`, page.problems.join('\n'));
	await page.close();
}
{
	const page = await open(js);
	await page.setViewportSize({ width: 390, height: 844 });
	await page.goto(base + '/site/ja/index.html');
	await page.screenshot({ path: path.join(SHOTS, 'home-ja-phone.png'),
	    fullPage: true });
	const wide = await page.evaluate(() =>
	    document.documentElement.scrollWidth > window.innerWidth + 1);
	ok(!wide, 'home on a phone: no sideways scrolling of the page');
	await page.close();
}

// --- a mirror hid a revocation: the site still shows it -------------------
if (ATTACKED) {
	const page = await open(js);
	await page.goto(`${base}/attacked/en/r/${hex('mail')}.html`);
	await page.screenshot({ path: path.join(SHOTS, 'attacked-revoked.png'),
	    fullPage: true });
	const h1 = await page.$eval('main', (m) => m.innerText);
	ok(/Revoked/.test(h1) && !/\bActive\b/.test(h1.split('\n')
	    .slice(0, 6).join('\n')),
	    'a revocation hidden by an unsigned commit: the page still says revoked',
	    h1.slice(0, 400));
	await page.close();
}

// --- the filter and search with JavaScript --------------------------------
// One filter: links to the views, folded above the entries, unfolded by
// site.js on a wide screen; search through api/search/.
{
	const page = await open(js);
	await page.goto(base + '/site/ja/list/all.html');
	ok(await page.getAttribute('#facets', 'open') !== null,
	    'JS filter: on a wide screen the filter is unfolded');
	await Promise.all([page.waitForURL(/status-active\.html/),
	    page.click('#facets a:text-is("有効")')]);
	await Promise.all([page.waitForURL(/scheme-scs-star3-status-active/),
	    page.click('#facets a:has-text("★3")')]);
	const rows = await page.$$eval('#static-list tbody tr',
	    (trs) => trs.map((t) => t.textContent));
	ok(rows.length === 1 && rows[0].includes('AAA'),
	    'JS filter: ★3 + active gives the one assessment', rows.join('\n'));
	ok((await page.textContent('#facets summary')).includes('★3'),
	    'JS filter: the folded filter says which view it is');
	await page.screenshot({ path: path.join(SHOTS, 'filter-js.png'),
	    fullPage: true });
	await page.fill('#site-q', 'ストレージ');
	await Promise.all([page.waitForURL(/search\.html\?q=/),
	    page.press('#site-q', 'Enter')]);
	await page.waitForSelector('#filter-results tbody tr');
	const names = await page.$$eval('#filter-results tbody tr',
	    (trs) => trs.map((t) => t.textContent));
	ok(names.length === 2 && names.every((t) => t.includes('ひかりストレージ')),
	    'JS search: a Japanese substring finds both records of the service',
	    names.join('\n'));
	await page.goto(base + '/site/ja/search.html?q=' +
	    encodeURIComponent('ＡＡＡ　脆弱性'));
	await page.waitForFunction(() => document.querySelectorAll(
	    '#filter-results tbody tr').length === 1);
	ok(true, 'JS search: full-width letters and an ideographic space match');
	{
		// A registration number, as people quote it, finds its service.
		const ix = JSON.parse(fs.readFileSync(path.join(SITE,
		    'api/index.json'), 'utf8'));
		const r = ix.records.find((x) => x.registration_number &&
		    x.service && (x.service.ja || '').includes('ひかりストレージ'));
		await page.goto(base + '/site/ja/search.html?q=' +
		    encodeURIComponent(r ? r.registration_number : 'none'));
		await page.waitForSelector('#filter-results tbody tr');
		const rows = await page.$$eval('#filter-results tbody tr',
		    (trs) => trs.map((t) => t.textContent));
		ok(r && rows.length >= 1 && rows.every((t) =>
		    t.includes(r.registration_number) &&
		    t.includes('ひかりストレージ')),
		    'JS search: a registration number finds its service\'s records',
		    rows.join('\n'));
	}
	ok(page.problems.length === 0, 'JS filter: no console error',
	    page.problems.join('\n'));
	await page.close();
}
{
	const page = await open(js);
	await page.goto(base + '/site/ja/index.html');
	await page.fill('#site-q', '通信');
	await Promise.all([page.waitForURL(/search\.html\?q=/),
	    page.press('#site-q', 'Enter')]);
	await page.waitForSelector('#filter-results tbody tr');
	const rows = await page.$$eval('#filter-results tbody tr',
	    (trs) => trs.map((t) => t.textContent));
	ok(rows.length === 3 && rows.every((t) => t.includes('ひかり通信')),
	    'JS search from the header: 通信 finds the three records of ひかり通信',
	    rows.join('\n'));
	await page.screenshot({ path: path.join(SHOTS, 'search-js.png'),
	    fullPage: true });
	await page.close();
}

// --- compare ------------------------------------------------------------------
{
	const page = await open(js);
	await page.goto(`${base}/site/ja/svc/8120001000005-hikari-storage.html`);
	await Promise.all([page.waitForURL(/compare\.html/),
	    page.click('text=このサービスを他と比較する')]);
	await page.waitForSelector('#compare-result table');
	await page.fill('#cmp-q', 'ベース');
	await page.waitForSelector('#cmp-suggest button');
	await page.click('#cmp-suggest button');
	await page.waitForFunction(() => document.querySelectorAll(
	    '#compare-result thead th').length === 3);
	const text = await page.textContent('#compare-result');
	ok(text.includes('日本法・東京地方裁判所') && text.includes('ベースIaaS') &&
	    text.includes('ひかりストレージ'),
	    'compare: two services side by side with governing law', text);
	const heads = await page.$$eval('#compare-result tbody th',
	    (th) => th.map((x) => x.textContent));
	ok(heads.includes('実装形態') && !text.includes('[object Object]'),
	    'compare: the deployment row is named, not [object Object]',
	    heads.join(', '));
	ok(page.url().includes('ids='), 'compare: the URL keeps the choice',
	    page.url());
	await page.screenshot({ path: path.join(SHOTS, 'compare-js.png'),
	    fullPage: true });
	ok(page.problems.length === 0, 'compare: no console error',
	    page.problems.join('\n'));
	await page.close();
}

// --- language switch ------------------------------------------------------------
{
	const page = await open(js);
	const rec = `/site/ja/r/${hex('scs')}.html`;
	await page.goto(base + rec);
	await Promise.all([page.waitForURL(/\/en\//),
	    page.click('header .lang a')]);
	ok(page.url() === base + rec.replace('/ja/', '/en/') &&
	    await page.getAttribute('html', 'lang') === 'en',
	    'the language switch keeps the page and sets lang', page.url());
	await Promise.all([page.waitForURL(/\/ja\//),
	    page.click('header .lang a')]);
	ok(page.url() === base + rec && await page.getAttribute('html',
	    'lang') === 'ja', 'and back to Japanese', page.url());
	await page.close();
}

// --- verify.html --------------------------------------------------------------
{
	const page = await open(js);
	await page.goto(base + '/site/ja/verify.html');
	await page.setInputFiles('#v-file', ENVELOPE);
	await page.waitForSelector('#verify-result p');
	const good = await page.textContent('#verify-result');
	ok(await page.$('#verify-result .result-ok') !== null &&
	    good.includes('有効'), 'verify.html: a registry envelope is valid',
	    good);
	await page.waitForFunction(() => /有効|状態/.test(document
	    .querySelector('#verify-result').textContent) &&
	    !/…$/.test(document.querySelector('#verify-result').textContent));
	await page.screenshot({ path: path.join(SHOTS, 'verify-valid.png'),
	    fullPage: true });
	const env = JSON.parse(fs.readFileSync(ENVELOPE, 'utf8'));
	const payload = Buffer.from(env.payload, 'base64').toString('utf8')
	    .replace('"level":"2"', '"level":"3"');
	env.payload = Buffer.from(payload, 'utf8').toString('base64');
	await page.fill('#v-text', JSON.stringify(env));
	await page.click('#verify-form button[type=submit]');
	await page.waitForSelector('#verify-result .result-bad');
	const bad = await page.textContent('#verify-result');
	ok(bad.includes('無効'), 'verify.html: a tampered envelope is invalid',
	    bad);
	await page.screenshot({ path: path.join(SHOTS, 'verify-tampered.png'),
	    fullPage: true });
	ok(page.problems.length === 0, 'verify.html: no console error',
	    page.problems.join('\n'));
	await page.close();
}
await js.close();

// --- without JavaScript ---------------------------------------------------------
const nojs = await launch(false);
{
	const page = await open(nojs);
	await page.goto(base + '/site/ja/list/all.html');
	ok(await page.$('#instant') === null &&
	    await page.isHidden('#facets a:text-is("有効")'),
	    'no JS: one filter, folded, and no form that needs a script');
	await page.click('#facets summary');
	await Promise.all([page.waitForURL(/status-active\.html/),
	    page.click('nav.facets a:text-is("有効")')]);
	let states = await page.$$eval('#static-list tbody tr .state',
	    (s) => s.map((x) => x.textContent.trim()));
	ok(states.length > 0 && states.every((s) => s.endsWith('有効')),
	    'no JS: the status filter is a page of active entries only',
	    states.join(', '));
	await page.click('#facets summary');
	await Promise.all([page.waitForURL(/scheme-scs-star3-status-active/),
	    page.click('nav.facets a:has-text("★3")')]);
	const rows = await page.$$eval('#static-list tbody tr',
	    (t) => t.map((x) => x.textContent));
	ok(rows.length === 1 && rows[0].includes('AAA'),
	    'no JS: then ★3 narrows it to ★3 + active', rows.join('\n'));
	await page.screenshot({ path: path.join(SHOTS, 'filter-nojs.png'),
	    fullPage: true });
	await page.fill('#site-q', 'ひかり');
	await Promise.all([page.waitForURL(/search\.html\?q=/),
	    page.press('#site-q', 'Enter')]);
	const names = await page.$$eval('#search-all a', (a) =>
	    a.map((x) => x.textContent));
	ok(names.includes('ひかり通信株式会社') && names.includes('ひかりストレージ'),
	    'no JS: search lands on the list of every organisation and service',
	    names.join(', '));
	await Promise.all([page.waitForURL(/org\//),
	    page.click('#search-all a:text-is("ひかり通信株式会社")')]);
	ok((await page.textContent('h1')).includes('ひかり通信株式会社'),
	    'no JS: and the organisation is one click away');
	await page.goto(base + '/site/ja/compare.html?ids=' + hex('hikari2'));
	const links = await page.$$eval('a[href*="cmp-"]', (a) => a.length);
	ok(links > 0, 'no JS: compare offers the checklist tables');
	await page.close();
}
await nojs.close();

// --- the injection registry executes nothing ------------------------------------
const inj = await launch(true);
{
	const urls = ['/inject/ja/index.html', '/inject/en/index.html',
	    '/inject/ja/list/all.html', '/inject/ja/revocations.html',
	    '/inject/ja/org/index.html', '/inject/ja/svc/index.html',
	    '/inject/ja/signer/index.html',
	    '/inject/ja/search.html?q=%3Cscript%3E',
	    '/inject/ja/list/all.html?q=%22%3E%3Cimg',
	    '/inject/ja/list/cmp-scheme-ismap-cloud.html'];
	const iids = Object.fromEntries(fs.readFileSync(path.join(
	    path.dirname(INJECT), 'ids'), 'utf8').trim().split('\n')
	    .map((l) => l.split(' ')));
	for (const id of Object.values(iids)) {
		const h = id.slice(7);
		urls.push(`/inject/ja/r/${h}.html`, `/inject/en/r/${h}.html`);
		if (fs.existsSync(path.join(INJECT, 'ja', 'soc3', `${h}.html`)))
			urls.push(`/inject/ja/soc3/${h}.html`);
	}
	urls.push('/inject/ja/compare.html?ids=' + Object.values(iids).slice(0, 3)
	    .map((x) => x.slice(7)).join(','));
	let dialogs = [], problems = [], literal = 0, injected = 0;
	for (const url of urls) {
		const page = await open(inj);
		await page.goto(base + url);
		await page.waitForLoadState('networkidle');
		await page.waitForTimeout(50);
		dialogs.push(...page.dialogs.map((d) => `${url}: ${d}`));
		problems.push(...page.problems.map((p) => `${url}: ${p}`));
		const text = await page.evaluate(() => document.body.innerText);
		if (text.includes('<script>alert("x")</script>') &&
		    text.includes('"><img src=x onerror=alert(1)>'))
			literal++;
		injected += await page.evaluate(() =>
		    document.querySelectorAll('img, iframe, object, embed, ' +
		    'script:not([src]):not([type="application/json"]), ' +
		    '[onerror], [onclick], [onload], a[href^="javascript"]').length);
		if (url.includes(`/r/${Object.values(iids)[0].slice(7)}`) &&
		    url.includes('/ja/'))
			await page.screenshot({ path: path.join(SHOTS,
			    'inject-record.png'), fullPage: true });
		await page.close();
	}
	ok(dialogs.length === 0, `injection: no dialog on ${urls.length} pages`,
	    dialogs.join('\n'));
	ok(problems.length === 0, 'injection: no console error', problems.join('\n'));
	ok(injected === 0, 'injection: no element, handler or javascript: link ' +
	    'made from the data', `${injected} found`);
	ok(literal >= Object.keys(iids).length,
	    `injection: the markup shows as text (${literal} pages)`);
	const page = await open(inj);
	await page.goto(`${base}/inject/ja/r/${Object.values(iids)[0].slice(7)}.html`);
	const shown = await page.evaluate(() => document.body.innerText);
	ok(shown.includes('[U+202E]') && shown.includes('[U+200B]'),
	    'injection: RTL override and zero-width characters are shown, not applied');
	await page.close();
}
await inj.close();

// --- accessibility rules --------------------------------------------------------
function luminance([r, g, b]) {
	const f = (c) => {
		c /= 255;
		return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
	};
	return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
}
function contrast(a, b) {
	const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
	return (x + 0.05) / (y + 0.05);
}
const a11y = await launch(true);
{
	const targets = ['/site/ja/index.html', '/site/en/index.html',
	    '/site/ja/list/all.html', `/site/ja/r/${hex('hikari2')}.html`,
	    `/site/ja/r/${hex('scs')}.html`, `/site/ja/soc3/${hex('hikari2')}.html`,
	    '/site/ja/org/8120001000005.html',
	    '/site/ja/svc/8120001000005-hikari-storage.html',
	    '/site/ja/glossary.html', '/site/ja/compare.html',
	    '/site/ja/verify.html', '/site/ja/search.html?q=AAA',
	    '/site/ja/revocations.html', '/site/ja/list/cmp-scheme-ismap-cloud.html'];
	for (const url of targets) {
		const page = await open(a11y);
		await page.goto(base + url);
		await page.waitForLoadState('networkidle');
		const r = await page.evaluate(() => {
			const out = [];
			const vis = (e) => !!(e.offsetWidth || e.offsetHeight ||
			    e.getClientRects().length);
			const h1 = document.querySelectorAll('h1');
			if (h1.length !== 1)
				out.push(`${h1.length} h1 elements`);
			if (!['ja', 'en'].includes(document.documentElement.lang))
				out.push('html lang is not ja or en');
			for (const lm of ['header', 'nav', 'main', 'footer'])
				if (!document.querySelector(lm))
					out.push(`no ${lm} landmark`);
			if (!location.pathname.endsWith('/search.html') &&
			    !document.querySelector('nav [aria-current]'))
				out.push('no aria-current in the navigation');
			document.querySelectorAll('th').forEach((th) => {
				if (!th.hasAttribute('scope'))
					out.push(`th without scope: ${th.textContent.slice(0, 30)}`);
			});
			document.querySelectorAll('img').forEach((i) => {
				if (!i.hasAttribute('alt'))
					out.push('img without alt');
			});
			document.querySelectorAll('svg').forEach((s) => {
				const named = s.getAttribute('aria-hidden') === 'true' ||
				    (s.getAttribute('role') === 'img' &&
				    (s.querySelector('title') || s.getAttribute('aria-label')));
				if (!named)
					out.push('svg without role=img and a title');
			});
			document.querySelectorAll('input, select, textarea').forEach((c) => {
				if (['hidden', 'submit', 'button', 'reset'].includes(c.type))
					return;
				const labelled = c.getAttribute('aria-label') ||
				    c.getAttribute('aria-labelledby') || c.closest('label') ||
				    (c.id && document.querySelector(`label[for="${c.id}"]`));
				if (!labelled)
					out.push(`control without a label: ${c.outerHTML.slice(0, 60)}`);
			});
			document.querySelectorAll('a').forEach((a) => {
				if (!vis(a))
					return;
				if (!(a.textContent.trim() || a.getAttribute('aria-label')))
					out.push(`empty link: ${a.outerHTML.slice(0, 80)}`);
			});
			document.querySelectorAll('time').forEach((t) => {
				if (!t.getAttribute('datetime'))
					out.push('time without datetime');
			});
			// Colours of the text people read, against what is behind it.
			const rgb = (s) => (s.match(/[\d.]+/g) || []).map(Number);
			const bg = (e) => {
				for (; e; e = e.parentElement) {
					const c = rgb(getComputedStyle(e).backgroundColor);
					if (c.length === 3 || (c.length === 4 && c[3] > 0))
						return c.slice(0, 3);
				}
				return [255, 255, 255];
			};
			const pairs = [];
			document.querySelectorAll('main p, main td, main th, main a, main li, ' +
			    'header a, nav a, footer p, footer a, .state, label, caption, ' +
			    'figcaption, .note, button').forEach((e) => {
				if (!vis(e) || !e.textContent.trim())
					return;
				pairs.push([e.tagName + '.' + e.className,
				    rgb(getComputedStyle(e).color).slice(0, 3), bg(e)]);
			});
			// Keyboard focus is visible.
			const first = document.querySelector('main a, nav a');
			first.focus();
			const st = getComputedStyle(first);
			if (st.outlineStyle === 'none' || parseFloat(st.outlineWidth) < 2)
				out.push('focus is not visible');
			return { out, pairs };
		});
		const low = r.pairs.filter(([, c, b]) => contrast(c, b) < 4.5)
		    .map(([w, c, b]) => `${w}: ${c} on ${b} = ${contrast(c, b)
		    .toFixed(2)}`);
		ok(r.out.length === 0 && low.length === 0,
		    `accessibility: ${url}`, [...r.out, ...new Set(low)].join('\n'));
		await page.close();
	}
}
await a11y.close();
server.close();
fs.rmSync(profile, { recursive: true, force: true });
console.log(`1..${n}`);
process.exit(failed ? 1 : 0);
