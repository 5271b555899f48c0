// The site on a phone and for everyone: every page type in both
// languages at 1280 and 390 px wide, read from file:// as someone who
// downloaded the site would.  axe-core's WCAG 2.2 A/AA rules find no
// violation; at 390 px nothing scrolls sideways; every date has one
// form; search finds entries from file:// by organisation, corporate
// number and auditor, and finds nothing for what is not there; a column
// sorts both ways from the keyboard; a filter's results are on the
// first screen of a phone.  Prints TAP for prove.
//
// usage: node phone-test.mjs SITE SHOTS
//   SITE   a site built from tests/site/mkreg.sh's registry (its ids file
//          beside it)
//   SHOTS  folder for the screenshots
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const [SITE, SHOTS] = process.argv.slice(2);
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
let n = 0, failed = 0;

function ok(cond, desc, diag) {
	n++;
	if (cond) {
		console.log(`ok ${n} - ${desc}`);
	} else {
		failed++;
		console.log(`not ok ${n} - ${desc}`);
		if (diag) {
			for (const line of String(diag).split('\n').slice(0, 40))
				console.log(`#   ${line}`);
		}
	}
}

const root = path.resolve(SITE);
const url = (rel) => 'file://' + path.join(root, rel);
const ids = Object.fromEntries(fs.readFileSync(path.join(path.dirname(root),
    'ids'), 'utf8').trim().split('\n').map((l) => l.split(' ')));
const hex = (name) => ids[name].slice(7);
fs.mkdirSync(SHOTS, { recursive: true });

// One page of each type the site makes, found in the site itself where
// the name is not in the ids file.
const firstIn = (dir, skip) => fs.readdirSync(path.join(root, 'ja', dir))
    .filter((f) => f.endsWith('.html') && f !== skip).sort()[0];
const index = JSON.parse(fs.readFileSync(path.join(root, 'api',
    'index.json'), 'utf8'));
const statusRec = index.records.find((r) => r.kind === 'status').id.slice(7);
const signerRec = index.records.find((r) => r.kind === 'signer').id.slice(7);
const types = [
	['home', 'index.html'],
	['register', 'list/all.html'],
	['register-filtered', 'list/status-active.html'],
	['checklist', 'list/cmp-scheme-ismap-cloud.html'],
	['organisations', 'org/index.html'],
	['organisation', 'org/8120001000005.html'],
	['services', 'svc/index.html'],
	['service', 'svc/8120001000005-hikari-storage.html'],
	['signers', 'signer/index.html'],
	['signer', 'signer/' + firstIn('signer', 'index.html')],
	['record-audit', `r/${hex('hikari2')}.html`],
	['record-revoked', `r/${hex('mail')}.html`],
	['record-scs', `r/${hex('scs')}.html`],
	['record-status', `r/${statusRec}.html`],
	['record-accreditation', `r/${signerRec}.html`],
	['summary', `soc3/${hex('hikari2')}.html`],
	['revocations', 'revocations.html'],
	['glossary', 'glossary.html'],
	['compare', 'compare.html'],
	['search', 'search.html?q=' + encodeURIComponent('ひかり')],
	['verify', 'verify.html'],
];

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'inkan-phone-'));
async function launch(width) {
	return chromium.launchPersistentContext(path.join(profile, `w${width}`), {
		executablePath: '/usr/bin/chromium',
		headless: true,
		locale: 'ja-JP',
		viewport: { width, height: width < 500 ? 844 : 900 },
		// axe is added to the page as a script: the pages' own policy
		// allows only the site's files.
		bypassCSP: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu',
		    '--no-first-run', '--disable-background-networking',
		    '--disable-component-update', '--disable-sync'],
	});
}

async function open(ctx) {
	const page = await ctx.newPage();
	page.problems = [];
	page.on('console', (m) => {
		if (m.type() === 'error')
			page.problems.push(`console: ${m.text()}`);
	});
	page.on('pageerror', (e) => page.problems.push(`pageerror: ${e}`));
	return page;
}

// --- every page type: axe, width, dates --------------------------------
for (const width of [1280, 390]) {
	const ctx = await launch(width);
	const pages = [['choose-language', null, 'index.html']];
	for (const [name, rel] of types)
		for (const lang of ['ja', 'en'])
			pages.push([name, lang, `${lang}/${rel}`]);
	for (const [name, lang, rel] of pages) {
		const what = `${name}${lang ? ' ' + lang : ''} at ${width} px`;
		const page = await open(ctx);
		await page.goto(url(rel));
		await page.waitForLoadState('load');
		if (name === 'search')
			await page.waitForSelector('#filter-results tbody tr');
		await page.addScriptTag({ path: AXE });
		const res = await page.evaluate((tags) => window.axe.run(document,
		    { runOnly: { type: 'tag', values: tags }, preload: false }), TAGS);
		ok(res.violations.length === 0, `axe: ${what}: no WCAG 2.2 A/AA ` +
		    'violation', res.violations.map((v) => `${v.id} (${v.impact}): ` +
		    v.nodes.map((x) => x.target.join(' ')).slice(0, 5).join(', '))
		    .join('\n'));
		const look = await page.evaluate(() => ({
			width: document.documentElement.scrollWidth,
			times: [...document.querySelectorAll('time')]
			    .map((t) => t.textContent.trim()),
			text: document.body.innerText,
		}));
		if (width === 390)
			ok(look.width <= 390, `${what}: nothing scrolls sideways`,
			    `scrollWidth ${look.width}`);
		const odd = look.times.filter((t) => !/^\d{4}-\d{2}-\d{2}$/.test(t));
		const clock = look.text.match(/\d\d:\d\d(:\d\d)?( ?JST|Z)/g) || [];
		if (width === 1280)
			ok(odd.length === 0 && clock.length === 0 &&
			    !look.text.includes('[object Object]'),
			    `${what}: every date is a JST day YYYY-MM-DD, no raw ` +
			    'object shown', [...odd, ...clock].join(', '));
		ok(page.problems.length === 0, `${what}: no script error`,
		    page.problems.join('\n'));
		await page.screenshot({ path: path.join(SHOTS,
		    `${name}${lang ? '-' + lang : ''}-${width}.png`), fullPage: true });
		await page.close();
	}
	await ctx.close();
}

// --- search from file:// -----------------------------------------------
const phone = await launch(390);
{
	// The twin of the axe checks: the same run finds what it should.
	const page = await open(phone);
	await page.goto(url('ja/index.html'));
	await page.evaluate(() => {
		const i = document.createElement('input');
		document.querySelector('main').appendChild(i);
		const a = document.createElement('a');
		a.href = '#x';
		a.style.color = '#bbbbbb';
		a.textContent = 'faint';
		document.querySelector('main').appendChild(a);
	});
	await page.addScriptTag({ path: AXE });
	const res = await page.evaluate((tags) => window.axe.run(document,
	    { runOnly: { type: 'tag', values: tags }, preload: false }), TAGS);
	const found = res.violations.map((v) => v.id);
	ok(found.includes('label') && found.includes('color-contrast'),
	    'axe: an unlabelled field and faint text added to a page are found',
	    found.join(', '));
	await page.close();
}
async function find(q, lang = 'ja') {
	const page = await open(phone);
	await page.goto(url(`${lang}/index.html`));
	await page.fill('#site-q', q);
	await Promise.all([page.waitForURL(/search\.html\?q=/),
	    page.press('#site-q', 'Enter')]);
	await page.waitForFunction(() => {
		const c = document.querySelector('#filter-count');
		return c && c.textContent.trim() !== '';
	});
	const rows = await page.$$eval('#filter-results tbody tr',
	    (trs) => trs.map((t) => t.textContent));
	const links = await page.$$eval('#filter-results tbody a[href]',
	    (as) => as.map((a) => a.href));
	const count = await page.textContent('#filter-count');
	const problems = page.problems;
	await page.close();
	return { rows, links, count, problems };
}
{
	let r = await find('ひかり通信');
	ok(r.rows.length === 3 && r.rows.every((t) => t.includes('ひかり通信株式会社')),
	    'search from file://: an organisation\'s name finds its three entries',
	    r.rows.join('\n') + r.problems.join('\n'));
	ok(r.links.some((h) => h.endsWith(`/ja/r/${hex('hikari2')}.html`)) &&
	    r.links.every((h) => h.startsWith('file://')),
	    'search from file://: results link to the record pages', r.links.join('\n'));
	r = await find('8120001000005');
	ok(r.rows.length === 3 && r.rows.every((t) => t.includes('ひかり通信株式会社')),
	    'search from file://: the corporate number finds the same three',
	    r.rows.join('\n'));
	const mail = r.rows.filter((t) => t.includes('ひかりメール'));
	ok(mail.length === 1 && mail[0].includes('取消し') &&
	    !mail[0].includes('有効'),
	    'search: the revoked mail service shows revoked, not active',
	    mail.join('\n'));
	r = await find('8120001000006');
	ok(r.rows.length === 0 && r.count.trim() !== '',
	    'search from file://: a corporate number one digit off finds nothing',
	    r.rows.join('\n'));
	// (each audit names its auditor's accredited firm: aud1's five are
	// あおぞら's, aud2's two みらい's)
	r = await find('あおぞら監査法人');
	ok(r.rows.length === 5 && r.rows.every((t) => !t.includes('★3') &&
	    !t.includes('佐藤 健')),
	    'search from file://: the audit firm finds its five audits, not the ' +
	    'other firm\'s nor the ★3 assessment (no firm)', r.rows.join('\n'));
	r = await find('みらい監査法人');
	ok(r.rows.length === 2 && r.rows.some((t) => t.includes('ベースIaaS')) &&
	    r.rows.some((t) => t.includes('ひかりメール')),
	    'search from file://: the other firm finds its two', r.rows.join('\n'));
	r = await find('佐藤 健');
	ok(r.rows.length === 2 && r.rows.some((t) => t.includes('ベースIaaS')) &&
	    r.rows.some((t) => t.includes('ひかりメール')),
	    'search from file://: the auditor\'s name finds the two audits he ' +
	    'signed', r.rows.join('\n'));
	r = await find('ＨＩＫＡＲＩ　ｍａｉｌ', 'en');
	ok(r.rows.length === 1 && r.rows[0].includes('Hikari Mail'),
	    'search from file://: full-width letters and an ideographic space ' +
	    'match, in English', r.rows.join('\n'));
	r = await find('どこにもない事業者');
	ok(r.rows.length === 0 && r.count.includes('該当する登録はありません'),
	    'search from file://: a name that is not there finds nothing',
	    r.rows.join('\n') + r.count);
	r = await find('佐藤 ひかりストレージ');
	ok(r.rows.length === 0, 'search: every word must match (no entry has ' +
	    'both)', r.rows.join('\n'));
}

// --- sorting --------------------------------------------------------------
{
	const page = await open(phone);
	await page.goto(url('ja/list/all.html'));
	const logs = () => page.$$eval('#static-list tbody tr td:nth-child(2)',
	    (tds) => tds.map((t) => Number(t.textContent.trim())));
	const before = await logs();
	const th = '#static-list thead th:nth-child(2)';
	await page.focus(`${th} button`);
	await page.keyboard.press('Enter');
	const up = await logs();
	const asc = [...before].sort((a, b) => a - b);
	ok(JSON.stringify(up) === JSON.stringify(asc) &&
	    await page.getAttribute(th, 'aria-sort') === 'ascending',
	    'sort: Enter on the log index heading sorts ascending, aria-sort says so',
	    up.join(' '));
	await page.keyboard.press('Enter');
	const down = await logs();
	ok(JSON.stringify(down) === JSON.stringify([...asc].reverse()) &&
	    await page.getAttribute(th, 'aria-sort') === 'descending',
	    'sort: again, descending', down.join(' '));
	const org = '#static-list thead th:nth-child(5) button';
	await page.click(org);
	const schemes = await page.$$eval('#static-list tbody tr td:nth-child(5)',
	    (tds) => tds.map((t) => t.textContent.trim()));
	ok(JSON.stringify(schemes) === JSON.stringify([...schemes].sort((a, b) =>
	    a.localeCompare(b, 'ja', { numeric: true }))) &&
	    await page.getAttribute(th, 'aria-sort') === null,
	    'sort: another column sorts by its text and takes aria-sort',
	    schemes.join('\n'));
	await page.screenshot({ path: path.join(SHOTS, 'sorted-390.png'),
	    fullPage: true });
	await page.close();
}

// --- the filter on a phone --------------------------------------------------
{
	const page = await open(phone);
	await page.goto(url('ja/list/all.html'));
	const all = await page.$$eval('#static-list tbody .state',
	    (s) => s.map((x) => x.textContent.trim()));
	await page.click('#facets summary');
	await Promise.all([page.waitForURL(/status-active\.html/),
	    page.click('#facets a:text-is("有効")')]);
	const top = await page.$eval('#static-list tbody tr',
	    (tr) => tr.getBoundingClientRect().top);
	const states = await page.$$eval('#static-list tbody .state',
	    (s) => s.map((x) => x.textContent.trim()));
	ok(top > 0 && top < 844, 'filter: on a 390×844 screen the first result ' +
	    'is on the first screen', `top ${top}`);
	ok(states.length > 0 && states.every((s) => s.endsWith('有効')) &&
	    all.some((s) => !s.endsWith('有効')) && states.length < all.length,
	    'filter: it shows the active entries only, of a register that has others',
	    states.join(', '));
	ok(await page.textContent('#facets summary').then((t) =>
	    t.includes('有効')), 'filter: its summary says which filter is on');
	await page.screenshot({ path: path.join(SHOTS, 'filter-390.png') });
	await page.close();
}

// --- the home page's latest changes -----------------------------------------
{
	const page = await open(phone);
	await page.goto(url('ja/index.html'));
	const days = await page.$$eval('#latest-reg + ul time',
	    (t) => t.map((x) => x.getAttribute('datetime')));
	const first = await page.$eval('#latest-reg + ul li a', (a) => a.href);
	ok(days.length > 1 && days.every((d, i) => i === 0 || days[i - 1] >= d),
	    'home: the latest registrations are newest first', days.join(' '));
	ok(first.endsWith(`/r/${hex('hikari2')}.html`),
	    'home: and the first is the last one registered, not the first',
	    first);
	await page.close();
}
await phone.close();
fs.rmSync(profile, { recursive: true, force: true });
console.log(`1..${n}`);
process.exit(failed ? 1 : 0);
