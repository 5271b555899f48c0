/*
 * inkan public registry: verifies a DSSE envelope in the browser with
 * WebCrypto Ed25519 against the signer keys this registry publishes
 * (api/signers.json, carried in the page).  It checks what a browser can:
 * the envelope's shape, the record id, and that every signer the record
 * declares signed it with a key the operator accredited for that role
 * (operator records: a key of the trust root).  Inclusion in the log and
 * accreditation at registration time are checked by `inkan verify`.
 * Nothing leaves the browser except, when served over HTTP, a request for
 * the record's own JSON on this site to show its status.
 */
(function () {
	'use strict';

	function $(id) {
		return document.getElementById(id);
	}

	function readJSON(id) {
		try {
			return JSON.parse($(id).textContent);
		} catch (e) {
			return null;
		}
	}

	var labels = readJSON('site-labels') || { states: {}, roles: {} };
	var signers = readJSON('signers-data') || { signers: [], operators: [] };
	var ja = document.documentElement.lang === 'ja';
	var T = ja ? {
		valid: '✓ 有効：署名はすべて認定された鍵によるものです。',
		invalid: '✕ 無効：',
		notJson: '封筒を JSON として読めません。',
		notEnvelope: 'DSSE の封筒ではありません（payload, payloadType, signatures が必要）。',
		badBase64: 'base64 が正しくありません。',
		noCrypto: 'このブラウザは WebCrypto の Ed25519 に対応していません。',
		noSig: 'どの署名も、公開されている鍵で検証できません。',
		missing: '申告された署名者の有効な署名がありません：',
		signedBy: '署名者',
		registered: 'この登録簿での状態：',
		notRegistered: 'この記録はこの登録簿のサイトにありません。',
		unknownReg: '登録状況はこの表示方法では確認できません（inkan verify を使ってください）。',
		tampered: '内容が改ざんされたか、署名と一致しません。'
	} : {
		valid: '✓ Valid: every signature is by an accredited key.',
		invalid: '✕ Not valid: ',
		notJson: 'The envelope is not JSON.',
		notEnvelope: 'This is not a DSSE envelope (payload, payloadType and signatures are needed).',
		badBase64: 'The base64 is not valid.',
		noCrypto: 'This browser has no Ed25519 in WebCrypto.',
		noSig: 'No signature verifies with the keys this registry publishes.',
		missing: 'No valid signature by the declared signer: ',
		signedBy: 'Signed by',
		registered: 'Its status in this registry: ',
		notRegistered: 'This record is not on this registry\'s site.',
		unknownReg: 'Its registration cannot be checked this way (use inkan verify).',
		tampered: 'The content was changed, or does not match its signatures.'
	};

	function b64(s) {
		if (typeof s !== 'string' || !/^[A-Za-z0-9+\/_-]*={0,2}$/.test(s)) {
			throw new Error(T.badBase64);
		}
		s = s.replace(/-/g, '+').replace(/_/g, '/');
		while (s.length % 4) {
			s += '=';
		}
		var bin = atob(s), out = new Uint8Array(bin.length);
		for (var i = 0; i < bin.length; i++) {
			out[i] = bin.charCodeAt(i);
		}
		return out;
	}

	function pemToDer(pem) {
		var body = String(pem).replace(/-----[^-]+-----/g, '')
			.replace(/\s+/g, '');
		return b64(body);
	}

	function utf8(s) {
		return new TextEncoder().encode(s);
	}

	function concat(parts) {
		var n = 0, off = 0;
		parts.forEach(function (p) {
			n += p.length;
		});
		var out = new Uint8Array(n);
		parts.forEach(function (p) {
			out.set(p, off);
			off += p.length;
		});
		return out;
	}

	/* PAE(type, body) of DSSE v1. */
	function pae(type, body) {
		var t = utf8(type);
		return concat([utf8('DSSEv1 ' + t.length + ' '), t,
			utf8(' ' + body.length + ' '), body]);
	}

	function hex(buf) {
		return Array.prototype.map.call(new Uint8Array(buf), function (b) {
			return ('0' + b.toString(16)).slice(-2);
		}).join('');
	}

	function importKey(pem) {
		return crypto.subtle.importKey('spki', pemToDer(pem),
			{ name: 'Ed25519' }, false, ['verify']);
	}

	/* Which signatures each candidate key makes valid. */
	function check(env, msg, candidates) {
		return Promise.all(candidates.map(function (c) {
			return importKey(c.public_key).then(function (key) {
				return Promise.all(env.signatures.map(function (s) {
					var sig;
					try {
						sig = b64(s.sig);
					} catch (e) {
						return false;
					}
					return crypto.subtle.verify({ name: 'Ed25519' }, key, sig,
						msg).catch(function () {
						return false;
					});
				})).then(function (oks) {
					return oks.some(Boolean);
				});
			}).catch(function () {
				return false;
			});
		}));
	}

	function pick(t) {
		if (!t || typeof t === 'string') {
			return t || '';
		}
		return (ja ? t.ja || t.en : t.en || t.ja) || '';
	}

	function show(ok, lines, extra) {
		var box = $('verify-result');
		box.textContent = '';
		var p = document.createElement('p');
		p.className = ok ? 'result-ok' : 'result-bad';
		p.textContent = lines[0];
		box.appendChild(p);
		if (lines.length > 1) {
			var ul = document.createElement('ul');
			lines.slice(1).forEach(function (l) {
				var li = document.createElement('li');
				li.textContent = l;
				ul.appendChild(li);
			});
			box.appendChild(ul);
		}
		if (extra) {
			box.appendChild(extra);
		}
	}

	function registration(app, id) {
		var p = document.createElement('p');
		var hexid = id.slice(7);
		p.textContent = '…';
		if (location.protocol !== 'http:' && location.protocol !== 'https:') {
			p.textContent = T.unknownReg;
			return p;
		}
		fetch(app.dataset.root + 'api/records/' + hexid + '.json')
			.then(function (r) {
				if (r.status === 404) {
					p.textContent = T.notRegistered;
					return null;
				}
				if (!r.ok) {
					throw new Error();
				}
				return r.json();
			}).then(function (rec) {
				if (!rec) {
					return;
				}
				p.textContent = T.registered;
				var a = document.createElement('a');
				a.setAttribute('href', app.dataset.lroot + 'r/' + hexid + '.html');
				a.textContent = (labels.states || {})[rec.status] || rec.status;
				p.appendChild(a);
			}).catch(function () {
				p.textContent = T.unknownReg;
			});
		return p;
	}

	function verify(app, text) {
		var env, payload, stmt;
		try {
			env = JSON.parse(text);
		} catch (e) {
			show(false, [T.invalid + T.notJson]);
			return;
		}
		if (!env || typeof env.payload !== 'string' ||
			typeof env.payloadType !== 'string' ||
			!Array.isArray(env.signatures) || !env.signatures.length) {
			show(false, [T.invalid + T.notEnvelope]);
			return;
		}
		try {
			payload = b64(env.payload);
		} catch (e) {
			show(false, [T.invalid + e.message]);
			return;
		}
		if (!window.crypto || !crypto.subtle) {
			show(false, [T.noCrypto]);
			return;
		}
		try {
			stmt = JSON.parse(new TextDecoder('utf-8', { fatal: true })
				.decode(payload));
		} catch (e) {
			stmt = null;
		}
		var msg = pae(env.payloadType, payload);
		var declared = stmt && stmt.predicate &&
			Array.isArray(stmt.predicate.signers) ? stmt.predicate.signers : [];
		crypto.subtle.digest('SHA-256', payload).then(function (d) {
			var id = 'sha256:' + hex(d);
			var jobs;
			if (declared.length) {
				/* Every declared role: an accredited key of that id. */
				jobs = declared.map(function (s) {
					var cands = signers.signers.filter(function (a) {
						return a.keyid === s.keyid &&
							(a.roles || []).indexOf(s.role) >= 0;
					});
					return check(env, msg, cands).then(function (oks) {
						return { s: s, ok: oks.some(Boolean), acc: cands[0] };
					});
				});
			} else {
				jobs = [check(env, msg, signers.operators || [])
					.then(function (oks) {
						return { s: { role: 'operator' }, ok: oks.some(Boolean) };
					})];
			}
			return Promise.all(jobs).then(function (res) {
				var bad = res.filter(function (r) {
					return !r.ok;
				});
				var lines;
				if (bad.length) {
					lines = [T.invalid + (declared.length ? T.tampered : T.noSig)];
					bad.forEach(function (r) {
						lines.push(T.missing + ((labels.roles || {})[r.s.role] ||
							r.s.role) + (r.s.keyid ? ' (' +
							r.s.keyid.slice(0, 16) + '…)' : ''));
					});
					lines.push((labels.recordId || 'id') + ': ' + id);
					show(false, lines);
					return;
				}
				lines = [T.valid, (labels.recordId || 'id') + ': ' + id];
				res.forEach(function (r) {
					lines.push(T.signedBy + ': ' + ((labels.roles || {})[r.s.role] ||
						r.s.role) + (r.acc ? ' — ' + pick(r.acc.person) +
						' (' + pick(r.acc.organisation) + ')' : ''));
				});
				show(true, lines, registration(app, id));
			});
		}).catch(function (e) {
			show(false, [T.noCrypto + ' ' + (e && e.message ? e.message : '')]);
		});
	}

	function start() {
		var app = $('verify-app');
		if (!app) {
			return;
		}
		var L = function (k) {
			return labels[k] || k;
		};
		var h = document.createElement('h2');
		h.id = 'v-h';
		h.textContent = L('verifyTitle');
		app.appendChild(h);
		var form = document.createElement('form');
		form.id = 'verify-form';
		form.className = 'drop';
		var p1 = document.createElement('p');
		var l1 = document.createElement('label');
		l1.setAttribute('for', 'v-file');
		l1.textContent = L('vFile');
		var file = document.createElement('input');
		file.id = 'v-file';
		file.type = 'file';
		file.accept = '.json,application/json';
		p1.appendChild(l1);
		p1.appendChild(file);
		var p2 = document.createElement('p');
		var l2 = document.createElement('label');
		l2.setAttribute('for', 'v-text');
		l2.textContent = L('vPaste');
		var text = document.createElement('textarea');
		text.id = 'v-text';
		text.rows = 6;
		text.spellcheck = false;
		p2.appendChild(l2);
		p2.appendChild(text);
		var p3 = document.createElement('p');
		var b = document.createElement('button');
		b.type = 'submit';
		b.textContent = L('vButton');
		p3.appendChild(b);
		form.appendChild(p1);
		form.appendChild(p2);
		form.appendChild(p3);
		app.appendChild(form);
		var res = document.createElement('div');
		res.id = 'verify-result';
		res.setAttribute('role', 'status');
		res.setAttribute('aria-live', 'polite');
		app.appendChild(res);
		var note = document.createElement('p');
		note.className = 'note';
		note.textContent = L('vFull');
		app.appendChild(note);
		app.hidden = false;
		if ($('verify-nojs-note')) {
			$('verify-nojs-note').hidden = true;
		}

		function readFile(f) {
			var r = new FileReader();
			r.onload = function () {
				text.value = String(r.result);
				verify(app, text.value);
			};
			r.readAsText(f);
		}

		file.addEventListener('change', function () {
			if (file.files && file.files[0]) {
				readFile(file.files[0]);
			}
		});
		form.addEventListener('submit', function (e) {
			e.preventDefault();
			verify(app, text.value);
		});
		form.addEventListener('dragover', function (e) {
			e.preventDefault();
			form.classList.add('over');
		});
		form.addEventListener('dragleave', function () {
			form.classList.remove('over');
		});
		form.addEventListener('drop', function (e) {
			e.preventDefault();
			form.classList.remove('over');
			if (e.dataTransfer && e.dataTransfer.files &&
				e.dataTransfer.files[0]) {
				readFile(e.dataTransfer.files[0]);
			}
		});
	}

	if (document.readyState === 'loading') {
		document.addEventListener('DOMContentLoaded', start);
	} else {
		start();
	}
}());
