// The verdict first, in a real browser (Debian's chromium driven by
// playwright-core), printing TAP for prove: on record, service and
// verify.html pages the registry's status is the first heading and the
// first status element, with nothing "valid" or "verified" in green
// above it; and verify.html refuses what `inkan verify --registry`
// refuses.  Run by tests/t0611-site-verdict.sh.
//
// usage: node verdict-test.mjs SITE REGDIR OTHER_ENVELOPE SHOTS CLI
//   SITE            the site built from REGDIR/registry
//   REGDIR          tests/site/mkreg.sh's folder (ids, work/ keys)
//   OTHER_ENVELOPE  a record of another registry
//   SHOTS           folder for the screenshots
//   CLI             "name exit-code" of `inkan verify --registry` lines
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';

const [SITE, REG, OTHER, SHOTS, CLI] = process.argv.slice(2);
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
	'.txt': 'text/plain; charset=utf-8',
};
const server = http.createServer((req, res) => {
	const p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
	const file = path.resolve(SITE, p.replace(/^\/site\//, ''));
	if (p.startsWith('/site/') && file.startsWith(path.resolve(SITE) +
	    path.sep) && fs.existsSync(file) && fs.statSync(file).isFile()) {
		res.writeHead(200, { 'Content-Type': types[path.extname(file)] ||
		    'application/octet-stream' });
		fs.createReadStream(file).pipe(res);
		return;
	}
	res.writeHead(404, { 'Content-Type': 'text/plain' });
	res.end('not found');
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}/site`;
fs.mkdirSync(SHOTS, { recursive: true });
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'inkan-verdict-'));
const ctx = await chromium.launchPersistentContext(profile, {
	executablePath: '/usr/bin/chromium', headless: true, locale: 'ja-JP',
	viewport: { width: 1280, height: 900 },
	args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
	    '--disable-background-networking', '--disable-component-update',
	    '--disable-sync'],
});

const ids = Object.fromEntries(fs.readFileSync(path.join(REG, 'ids'), 'utf8')
    .trim().split('\n').map((l) => l.split(' ')));
const hex = (name) => ids[name].slice(7);
const rec = (name) => JSON.parse(fs.readFileSync(path.join(SITE, 'api',
    'records', `${hex(name)}.json`), 'utf8'));
const cli = Object.fromEntries(fs.readFileSync(CLI, 'utf8').trim().split('\n')
    .map((l) => l.split(' ')));

async function open(url, width) {
	const page = await ctx.newPage();
	page.problems = [];
	page.on('console', (m) => {
		if (m.type() === 'error')
			page.problems.push(`console: ${m.text()}`);
	});
	page.on('pageerror', (e) => page.problems.push(`pageerror: ${e}`));
	if (width)
		await page.setViewportSize({ width, height: 844 });
	await page.goto(base + url);
	return page;
}

// In page: the visible elements of root in DOM order that are headings,
// status elements or success ("valid"/"verified", green) elements, with
// their tops.
const STATUS = '[data-state], .state, .verdict, .status-line, .result-ok, ' +
    '.result-bad, .result-warn';
const SUCCESS = '.verdict-ok, .result-ok, td.ok, strong.ok, .state-ok';
function survey(root) {
	return root.evaluate((r, sel) => {
		const vis = (e) => {
			const b = e.getBoundingClientRect();
			const st = getComputedStyle(e);
			return b.width > 0 && b.height > 0 && st.visibility !== 'hidden' &&
			    st.display !== 'none';
		};
		const top = (e) => e.getBoundingClientRect().top + window.scrollY;
		const all = [...r.querySelectorAll('*')].filter(vis);
		const heading = all.find((e) => /^H[1-6]$/.test(e.tagName));
		const status = all.find((e) => e.matches(sel.STATUS));
		const success = all.filter((e) => e.matches(sel.SUCCESS));
		return {
			heading: heading ? heading.textContent.trim() : null,
			status: status ? status.textContent.trim() : null,
			statusState: status ? status.closest('[data-state]')
			    ?.dataset.state ?? null : null,
			statusTop: status ? top(status) : null,
			successAbove: success.filter((e) => !status ||
			    top(e) < top(status) || (status.compareDocumentPosition(e) &
			    Node.DOCUMENT_POSITION_PRECEDING)).map((e) =>
			    e.className + ': ' + e.textContent.trim().slice(0, 80)),
			successAll: success.map((e) => e.className + ': ' +
			    e.textContent.trim().slice(0, 80)),
		};
	}, { STATUS, SUCCESS });
}

async function words(page) {
	return page.$eval('#site-labels', (e) => JSON.parse(e.textContent))
	    .catch(() => null);
}

// The words of the states, as the site's own pages write them.
const labelPage = await open('/ja/verify.html');
const Lja = await words(labelPage);
await labelPage.goto(base + '/en/verify.html');
const Len = await words(labelPage);
const W = { ja: Lja.states, en: Len.states };
const Wl = { ja: Lja, en: Len };
await labelPage.close();

// --- record and service pages: the status first --------------------------
const cases = [
	['revoked', 'mail'], ['suspended', 'shindan'], ['delisted', 'sora'],
	['superseded', 'hikari'], ['expired', 'base'], ['active', 'hikari2'],
];
for (const [state, name] of cases) {
	const r = rec(name);
	ok(r.status === state, `${name} is ${state} in the registry (api)`,
	    r.status);
	const pages = [['record', `r/${hex(name)}.html`]];
	// A superseded record's service has the newer record, whose status
	// its page shows; every other service's newest record is this one.
	if (state !== 'superseded' && r.service_page)
		pages.push(['service', r.service_page]);
	for (const lang of ['ja', 'en']) {
		for (const [what, rel] of pages) {
			const page = await open(`/${lang}/${rel}`);
			const s = await survey(await page.$('main'));
			const word = W[lang][state];
			ok(s.heading && s.heading.includes(word),
			    `${lang} ${what} page of a ${state} record: the first heading says ${state}`,
			    JSON.stringify(s));
			ok(s.status && s.status.includes(word) && s.statusState === state,
			    `${lang} ${what} page of a ${state} record: the first status element says ${state}`,
			    JSON.stringify(s));
			ok(s.successAbove.length === 0,
			    `${lang} ${what} page of a ${state} record: nothing valid or verified above it`,
			    s.successAbove.join('\n'));
			if (what === 'record') {
				// Green "verified" or passed checks only for a
				// record in force; the page of one not in force has
				// none (only its status badge may be green if active).
				const own = await page.$$eval('.verdict-ok, td.ok',
				    (v) => v.length);
				ok(state === 'active' ? own > 0 : own === 0,
				    `${lang} record page of a ${state} record: ${state === 'active' ?
				    'its checks are green' : 'no green verdict or check'}`,
				    s.successAll.join('\n'));
			}
			if (lang === 'ja' && (state === 'revoked' || state === 'active')) {
				await page.screenshot({ path: path.join(SHOTS,
				    `${what}-${state}.png`), fullPage: true });
				await page.setViewportSize({ width: 390, height: 844 });
				await page.screenshot({ path: path.join(SHOTS,
				    `${what}-${state}-390.png`), fullPage: true });
				const wide = await page.evaluate(() =>
				    document.documentElement.scrollWidth > window.innerWidth + 1);
				ok(!wide, `${what} page of a ${state} record at 390 px: no sideways scrolling`);
			}
			ok(page.problems.length === 0, `${lang} ${what} ${state}: no console error`,
			    page.problems.join('\n'));
			await page.close();
		}
	}
}
// The summary page of an audit in force, and of one not in force.
for (const [state, name] of [['active', 'hikari2'], ['superseded', 'hikari']]) {
	const r = rec(name);
	if (!r.summary_page) {
		ok(false, `${name} has a summary page`);
		continue;
	}
	const page = await open(`/en/${r.summary_page}`);
	const s = await survey(await page.$('main'));
	ok(s.heading && s.heading.includes(W.en[state]) && s.statusState === state &&
	    s.successAbove.length === 0,
	    `summary page of a ${state} record: its status first`, JSON.stringify(s));
	await page.close();
}

// --- verify.html ------------------------------------------------------------
const work = path.join(REG, 'work');
const keyid = (k) => execFileSync(process.env.INKAN, ['keys', 'id',
    path.join(work, `${k}.pub`)], { encoding: 'utf8' }).trim();
const priv = (k) => crypto.createPrivateKey(fs.readFileSync(path.join(work,
    `${k}.key`)));
function pae(type, body) {
	const t = Buffer.from(type);
	return Buffer.concat([Buffer.from(`DSSEv1 ${t.length} `), t,
	    Buffer.from(` ${body.length} `), body]);
}
// An envelope of payload (bytes) of type, signed by the keys named.
function envelope(type, payload, keys) {
	return JSON.stringify({
		payload: payload.toString('base64'), payloadType: type,
		signatures: keys.map((k) => ({ keyid: keyid(k),
		    sig: crypto.sign(null, pae(type, payload), priv(k))
		    .toString('base64') })),
	});
}
const INTOTO = 'application/vnd.in-toto+json';
const registeredEnv = (name) => fs.readFileSync(path.join(SITE, 'api',
    'envelopes', `${hex(name)}.dsse.json`), 'utf8');
const active = JSON.parse(registeredEnv('hikari2'));
const activePayload = Buffer.from(active.payload, 'base64');
const stmt = JSON.parse(activePayload.toString('utf8'));
// An audit whose only declared signer is management (signed by it).
const mgOnly = structuredClone(stmt);
mgOnly.predicate.signers = mgOnly.predicate.signers
    .filter((s) => s.role === 'management');
// An ISMAP-style audit signed by an auditor accredited for SOC 2 only.
const wrongScheme = structuredClone(stmt);
wrongScheme.predicate.signers = wrongScheme.predicate.signers.map((s) =>
    s.role === 'auditor' ? { ...s, keyid: keyid('aud3'), name: '木村 四郎' } : s);
// A registered record with one byte of its payload changed.
const changed = structuredClone(active);
changed.payload = Buffer.from(activePayload.toString('utf8')
    .replace('"level":"2"', '"level":"3"')).toString('base64');

const vcases = [
	// name, text, want state, want a valid verdict, why
	['revoked', registeredEnv('mail'), 'revoked', false, 'a revoked record'],
	['suspended', registeredEnv('shindan'), 'suspended', false, 'a suspended record'],
	['delisted', registeredEnv('sora'), 'delisted', false, 'a delisted record'],
	['superseded', registeredEnv('hikari'), 'superseded', false, 'a superseded record'],
	['expired', registeredEnv('base'), 'expired', false, 'an expired record'],
	['management-only', envelope(INTOTO, Buffer.from(JSON.stringify(mgOnly)),
	    ['mg4']), 'not-registered', false, 'an audit signed by management alone'],
	['wrong-scheme', envelope(INTOTO, Buffer.from(JSON.stringify(wrongScheme)),
	    ['aud3', 'mg4']), 'not-registered', false,
	    'an auditor accredited only for another scheme'],
	['text-plain', envelope('text/plain', activePayload, ['aud1', 'mg4']),
	    'invalid', false, 'a text/plain payloadType (of a registered payload)'],
	['other-registry', fs.readFileSync(OTHER, 'utf8'), 'not-registered', false,
	    'a record of another registry'],
	['changed', JSON.stringify(changed), 'invalid', false,
	    'a registered record with its bytes changed'],
	['active', registeredEnv('hikari2'), 'active', true, 'an active registered record'],
];
const seen = {};
async function verifyText(page, text) {
	await page.evaluate(() => {
		document.querySelector('#verify-result').textContent = '';
	});
	await page.fill('#v-text', text);
	await page.click('#verify-form button[type=submit]');
	await page.waitForSelector('#verify-result .v-status');
	return page.$eval('#verify-result', (e) => ({
		text: e.innerText,
		state: e.querySelector('.v-status')?.dataset.state,
		ok: !!e.querySelector('.result-ok'),
		bad: !!e.querySelector('.result-bad'),
		checks: [...e.querySelectorAll('.v-checks li')].map((l) => l.textContent),
	}));
}
for (const lang of ['ja', 'en']) {
	const page = await open(`/${lang}/verify.html`);
	await page.waitForSelector('#verify-form');
	for (const [name, text, want, valid, why] of vcases) {
		const v = await verifyText(page, text);
		seen[`${lang}/${name}`] = v;
		const s = await survey(await page.$('#verify-result'));
		const word = want === 'not-registered' || want === 'invalid' ? null :
		    W[lang][want];
		ok(v.state === want && (word === null || (s.heading.includes(word) &&
		    s.status.includes(word))) && s.statusState === want,
		    `${lang} verify.html, ${why}: the first heading and status element say ${want}`,
		    JSON.stringify(s) + '\n' + v.text);
		ok(valid ? v.ok && !v.bad : v.bad && !v.ok && s.successAll.length === 0,
		    `${lang} verify.html, ${why}: ${valid ? 'valid' : 'refused, nothing green'}`,
		    v.text);
		if (lang === 'ja') {
			await page.screenshot({ path: path.join(SHOTS, `verify-${name}.png`),
			    fullPage: true });
			if (name === 'revoked' || name === 'active') {
				await page.setViewportSize({ width: 390, height: 844 });
				await page.screenshot({ path: path.join(SHOTS,
				    `verify-${name}-390.png`), fullPage: true });
				await page.setViewportSize({ width: 1280, height: 900 });
			}
		}
	}
	ok(page.problems.length === 0, `${lang} verify.html: no console error`,
	    page.problems.join('\n'));
	await page.close();
}
// Why each was refused: the reason the CLI gives, in the page's words.
{
	const roles = Wl.en.roles;
	const t = (k) => seen[`en/${k}`].text;
	ok(t('management-only').includes(roles.auditor) &&
	    /declare/.test(t('management-only')),
	    'management alone: refused because the scheme needs an auditor',
	    t('management-only'));
	ok(t('wrong-scheme').includes('ismap-cloud') &&
	    /not accredited for the scheme/.test(t('wrong-scheme')),
	    'another scheme\'s auditor: refused because of the accreditation',
	    t('wrong-scheme'));
	ok(t('text-plain').includes('text/plain') && /payloadType/.test(t('text-plain')),
	    'text/plain: refused because of the payloadType', t('text-plain'));
	// "changed" and "not registered here" are told apart: each says
	// what the other does not.
	const lead = (k) => t(k).split('\n').find((l) => /^✕/.test(l)) || '';
	ok(lead('changed') !== lead('other-registry') &&
	    !t('other-registry').includes(lead('changed').replace(/^✕[^:]*: /, '')) &&
	    !/changed/i.test(t('other-registry')) && /changed/i.test(t('changed')),
	    'another registry\'s record is "not registered here", a changed one "changed"',
	    `${t('other-registry')}\n---\n${t('changed')}`);
	// The browser agrees with inkan verify --registry.
	ok(Number(cli.hikari2) === 0 && seen['en/active'].ok &&
	    Number(cli.mail) !== 0 && !seen['en/revoked'].ok &&
	    Number(cli.other) === 5 && seen['en/other-registry'].state === 'not-registered',
	    'verify.html agrees with inkan verify --registry (active, revoked, another registry)',
	    JSON.stringify(cli));
	// The active one: the log's inclusion proof from the tiles.
	const idx = rec('hikari2').log_index;
	ok(seen['en/active'].checks.some((c) => /transparency log/i.test(c) &&
	    c.includes(`log index ${idx}`)),
	    'the active record: its inclusion in the signed checkpoint checked',
	    seen['en/active'].checks.join('\n'));
}
// Its twin: a tile that does not give the checkpoint's root, and the
// same envelope is no longer valid.
{
	const page = await open('/en/verify.html');
	await page.route(/\/log\/tile\/0\/000(\.p\/\d+)?$/, async (route) => {
		const r = await route.fetch();
		const b = Buffer.from(await r.body());
		b[b.length - 1] ^= 1;
		await route.fulfill({ response: r, body: b });
	});
	await page.waitForSelector('#verify-form');
	const v = await verifyText(page, registeredEnv('hikari2'));
	ok(!v.ok && v.bad && /transparency log/i.test(v.text),
	    'a hash tile changed: the inclusion fails and the record is not valid',
	    v.text);
	await page.close();
}
// And the checkpoint's signature: one byte of it changed.
{
	const page = await open('/en/verify.html');
	await page.route('**/log/checkpoint', async (route) => {
		const r = await route.fetch();
		const s = (await r.text()).replace(/^(\d+)$/m, (m) => String(Number(m)));
		const lines = s.split('\n');
		lines[2] = lines[2].slice(0, 5) + (lines[2][5] === 'A' ? 'B' : 'A') +
		    lines[2].slice(6);
		await route.fulfill({ response: r, body: lines.join('\n') });
	});
	await page.waitForSelector('#verify-form');
	const v = await verifyText(page, registeredEnv('hikari2'));
	ok(!v.ok && v.bad && /checkpoint/i.test(v.text),
	    'a checkpoint whose root was changed: its signature fails, not valid',
	    v.text);
	await page.close();
}

await ctx.close();
server.close();
fs.rmSync(profile, { recursive: true, force: true });
console.log(`1..${n}`);
