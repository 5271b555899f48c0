/*
 * inkan public registry: verifies a DSSE envelope in the browser as
 * `inkan verify --registry` does, from what this site publishes: the
 * signers' keys, their accreditations and the roles each scheme requires
 * (api/signers.json, carried in the page), the record as registered
 * (api/records/<hex>.json), and the log as C2SP tlog-tiles (log/checkpoint
 * with its witnesses' cosignatures, log/tile/), checked with the log's
 * key, the witnesses' keys and their quorum carried in the page.  It
 * checks: the payloadType is an in-toto Statement; every role the
 * scheme requires is declared and signed with the declared key; each
 * such signer was accredited for that role and scheme, valid and not
 * revoked, when the record was registered (now, for a record this
 * registry does not hold); the record's status in the registry, shown
 * first; and its inclusion in the log under the signed checkpoint.  An
 * envelope whose record this registry does not hold is "not registered
 * here"; one whose declared, accredited signers' signatures fail is
 * "changed".  Nothing leaves the browser except, when served over HTTP,
 * requests for this site's own files.
 */
(function () {
	'use strict';

	var INTOTO = 'application/vnd.in-toto+json';
	var JST = 9 * 3600 * 1000;

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
	var data = readJSON('signers-data') || { signers: [], operators: [] };
	var logData = readJSON('log-data') || { vkey: '', witnesses: [],
		quorum: 0 };
	var ja = document.documentElement.lang === 'ja';
	var T = ja ? {
		colon: '：',
		status: '状態',
		invalidWord: '無効',
		regState: 'この記録ID の登録簿での状態：',
		valid: '✓ 有効：署名、署名者の認定、登録簿での状態、透明性ログへの記録を確認しました。',
		invalid: '✕ 無効：',
		notActive: 'この記録は現在有効ではありません（{s}）。',
		notHere: 'この登録簿には登録されていません',
		notHereWhy: 'この登録簿には、この記録ID の記録がありません。署名者もこの登録簿で認定されていません（別の登録簿の記録かもしれません）。',
		notHereGenuine: 'この登録簿には、この記録ID の記録がありません。署名は認定された鍵によるものですが、登録されていない記録は有効な登録として扱えません。',
		changed: '内容が変更されています：申告された署名者の署名と一致しません。',
		unknown: '登録状況と状態を確認できません',
		unknownWhy: 'この表示方法（ファイルとして開いたページ）では、登録簿の記録を取得できません。ウェブサーバー経由で開くか、inkan verify --registry を使ってください。',
		sigsOnly: '署名は認定された鍵によるものですが、登録と状態は確認できていません。',
		notJson: '署名付き記録ファイルを JSON として読めません。',
		notEnvelope: 'DSSE の署名付き記録ファイルではありません（payload, payloadType, signatures が必要）。',
		badBase64: 'base64 が正しくありません。',
		noCrypto: 'このブラウザは WebCrypto の Ed25519 に対応していません。',
		payloadType: 'payloadType が in-toto の Statement（' + INTOTO + '）ではありません：',
		notStatement: '内容が in-toto の Statement として読めません。',
		noScheme: 'この登録簿が扱う制度ではありません：',
		needRole: '制度が求める署名者が申告されていません：',
		noSigBy: '申告された署名者の有効な署名がありません：',
		notAcc: '署名者がこの役割と制度について認定されていません：',
		accWhy: {
			none: 'この鍵の認定がありません',
			later: '認定はこの記録の登録より後です',
			role: 'この役割の認定がありません',
			scheme: 'この制度（{x}）の認定がありません',
			window: '認定の有効期間外です',
			firm: '監査法人の選定期間外です',
			state: '認定が{x}です'
		},
		noOperator: 'どの署名も、この登録簿の運営者の鍵で検証できません。',
		logOk: '透明性ログ：署名付きチェックポイント（{n} 件）への包含を確認しました（ログ番号 {i}）。',
		logBad: '透明性ログへの包含を確認できません：',
		logUnknown: '透明性ログへの包含はこの表示方法では確認できません。',
		cpBad: 'チェックポイントの署名を確認できません',
		rootBad: 'ハッシュがチェックポイントと一致しません',
		tileBad: 'ハッシュタイルの長さが正しくありません：',
		tileMissing: 'ハッシュタイルが見つかりません：',
		cosigBad: '証人の連署を検証できません：',
		quorumBad: '証人の連署が {n} 件で、必要な {q} 件に足りません',
		witOk: '証人：必要な {q} 件のうち {n} 件の連署を確認しました（{w}）。',
		witNone: '証人：この登録簿は証人を定めていません。',
		accOk: '署名者の認定：登録時点で役割と制度について認定されていました。',
		sigOk: '署名：申告された署名者全員の有効な署名があります。',
		since: '発効日時',
		ended: '有効期間の終了日時',
		reason: '理由',
		reasonCode: '理由コード',
		byRecord: '置き換えた記録',
		org: '組織',
		svc: 'サービス',
		scheme: '制度',
		level: 'レベル',
		validity: '有効期間',
		signedBy: '署名者',
		record: '記録のページ',
		checks: '確認した内容'
	} : {
		colon: ': ',
		status: 'Status',
		invalidWord: 'Not valid',
		regState: 'The status of the record with this id in this registry: ',
		valid: '✓ Valid: the signatures, the signers\' accreditation, the status in the registry and the entry in the transparency log all check out.',
		invalid: '✕ Not valid: ',
		notActive: 'This record is not in force ({s}).',
		notHere: 'Not registered here',
		notHereWhy: 'This registry holds no record with this id, and its signers are not accredited here (it may be a record of another registry).',
		notHereGenuine: 'This registry holds no record with this id.  Its signatures are by accredited keys, but a record that is not registered is no registration.',
		changed: 'The content was changed: it does not match the signatures of its declared signers.',
		unknown: 'Registration and status cannot be checked',
		unknownWhy: 'A page opened as a file cannot fetch the registry\'s records.  Open it from a web server, or use inkan verify --registry.',
		sigsOnly: 'The signatures are by accredited keys, but registration and status were not checked.',
		notJson: 'The file is not JSON.',
		notEnvelope: 'This is not a DSSE envelope (payload, payloadType and signatures are needed).',
		badBase64: 'The base64 is not valid.',
		noCrypto: 'This browser has no Ed25519 in WebCrypto.',
		payloadType: 'the payloadType is not an in-toto Statement (' + INTOTO + '): ',
		notStatement: 'the payload is not an in-toto Statement.',
		noScheme: 'this registry does not take records of the scheme ',
		needRole: 'the scheme needs a signer the record does not declare: ',
		noSigBy: 'no valid signature by the declared signer: ',
		notAcc: 'a signer is not accredited for that role and scheme: ',
		accWhy: {
			none: 'the key has no accreditation',
			later: 'it was accredited only after the record was registered',
			role: 'not accredited for this role',
			scheme: 'not accredited for the scheme {x}',
			window: 'outside the accreditation\'s validity',
			firm: 'outside the audit firm\'s selection',
			state: 'the accreditation was {x}'
		},
		noOperator: 'No signature verifies with a key of this registry\'s operators.',
		logOk: 'Transparency log: included in the signed checkpoint ({n} entries), log index {i}.',
		logBad: 'Inclusion in the transparency log does not check out: ',
		logUnknown: 'Inclusion in the transparency log cannot be checked this way.',
		cpBad: 'the checkpoint\'s signature does not verify',
		rootBad: 'the hashes do not give the checkpoint\'s root',
		tileBad: 'a hash tile has the wrong length: ',
		tileMissing: 'a hash tile is missing: ',
		cosigBad: 'a witness\'s cosignature does not verify: ',
		quorumBad: 'the checkpoint is cosigned by {n} witnesses, {q} are needed',
		witOk: 'Witnesses: cosigned by {n} of the {q} needed ({w}).',
		witNone: 'Witnesses: this registry names none.',
		accOk: 'Accreditation: every signer was accredited for the role and scheme when the record was registered.',
		sigOk: 'Signatures: a valid signature by every declared signer.',
		since: 'In effect since',
		ended: 'Validity ended at',
		reason: 'Reason',
		reasonCode: 'reason code',
		byRecord: 'Superseded by',
		org: 'Organisation',
		svc: 'Service',
		scheme: 'Scheme',
		level: 'Level',
		validity: 'Validity',
		signedBy: 'Signed by',
		record: 'The record\'s page',
		checks: 'What was checked'
	};

	function fmt(s, v) {
		return s.replace(/\{(\w)\}/g, function (m, k) {
			return v[k] !== undefined ? String(v[k]) : m;
		});
	}

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
		return b64(String(pem).replace(/-----[^-]+-----/g, '')
			.replace(/\s+/g, ''));
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

	function sha256(bytes) {
		return crypto.subtle.digest('SHA-256', bytes).then(function (d) {
			return new Uint8Array(d);
		});
	}

	function time(s) {
		var t = Date.parse(s);
		return isNaN(t) ? null : t;
	}

	function jst(s) {
		var t = typeof s === 'number' ? s : time(s);
		if (t === null) {
			return String(s);
		}
		var d = new Date(t + JST).toISOString();
		return d.slice(0, 10) + ' ' + d.slice(11, 16) + ' JST';
	}

	function pick(t) {
		if (!t || typeof t === 'string') {
			return t || '';
		}
		return (ja ? t.ja || t.en : t.en || t.ja) || '';
	}

	function role(r) {
		return (labels.roles || {})[r] || r;
	}

	function stateWord(s) {
		return (labels.states || {})[s] || s;
	}

	/* Which of the envelope's signatures the key in pem makes valid. */
	function signedBy(env, msg, pem) {
		return crypto.subtle.importKey('spki', pemToDer(pem),
			{ name: 'Ed25519' }, false, ['verify']).then(function (key) {
			return Promise.all(env.signatures.map(function (s) {
				var sig;
				try {
					sig = b64(s && s.sig);
				} catch (e) {
					return false;
				}
				return crypto.subtle.verify({ name: 'Ed25519' }, key, sig,
					msg).catch(function () {
					return false;
				});
			}));
		}).then(function (oks) {
			return oks.some(Boolean);
		}).catch(function () {
			return false;
		});
	}

	/* An accreditation's status at time t, from its status records
	 * (8.5: reinstate lifts a suspension or a delisting only). */
	function accState(a, t) {
		var f = {};
		(a.history || []).forEach(function (h) {
			var e = time(h.effective_at);
			if (e === null || e > t) {
				return;
			}
			if (h.action === 'reinstate') {
				f.suspended = f.delisted = false;
			} else if (h.action === 'revoke') {
				f.revoked = true;
			} else if (h.action === 'suspend') {
				f.suspended = true;
			} else if (h.action === 'withdraw') {
				f.withdrawn = true;
			} else if (h.action === 'delist') {
				f.delisted = true;
			} else if (h.action === 'supersede') {
				f.superseded = true;
			}
		});
		return f.revoked ? 'revoked' : f.suspended ? 'suspended' :
			f.withdrawn ? 'withdrawn' : f.superseded ? 'superseded' :
			f.delisted ? 'delisted' : 'active';
	}

	function listHas(l, v) {
		return (l || []).indexOf(v) >= 0 || (l || []).indexOf('*') >= 0;
	}

	/* The accreditation of keyid for role and scheme in force at t, as
	 * reg_accredited_key decides; else why not. */
	function accredited(keyid, r, scheme, t) {
		var why = T.accWhy.none, found = null;
		data.signers.forEach(function (a) {
			var from = time(a.valid_from), until = time(a.valid_until);
			var firm = a.audit_firm_valid_until ?
				time(a.audit_firm_valid_until) : null;
			var st;
			if (found || a.keyid !== keyid) {
				return;
			}
			if (time(a.integrated) === null || time(a.integrated) > t) {
				why = T.accWhy.later;
			} else if (!listHas(a.roles, r)) {
				why = T.accWhy.role;
			} else if (scheme && !listHas(a.schemes, scheme)) {
				why = fmt(T.accWhy.scheme, { x: scheme });
			} else if (from === null || until === null || t < from ||
				t >= until) {
				why = T.accWhy.window;
			} else if (firm !== null && t >= firm) {
				why = T.accWhy.firm;
			} else if ((st = accState(a, t)) !== 'active') {
				why = fmt(T.accWhy.state, { x: stateWord(st) });
			} else {
				found = a;
			}
		});
		return { acc: found, why: why };
	}

	function schemeOf(p) {
		if (typeof p.scheme === 'string') {
			return p.scheme;
		}
		if (typeof p.level === 'number') {
			return 'scs-star' + p.level;
		}
		return null;
	}

	/* --- the log ------------------------------------------------------- */

	function fetchOk(url, as) {
		return fetch(url).then(function (r) {
			if (!r.ok) {
				throw new Error(url + ': HTTP ' + r.status);
			}
			return as === 'bytes' ? r.arrayBuffer().then(function (b) {
				return new Uint8Array(b);
			}) : r.text();
		});
	}

	/* log/tile/<L>/<N>[.p/<W>] (C2SP tlog-tiles). */
	function tilePath(level, n, width) {
		var g = [];
		do {
			g.unshift(('00' + (n % 1000)).slice(-3));
			n = Math.floor(n / 1000);
		} while (n > 0);
		return 'log/tile/' + level + '/' + g.map(function (x, i) {
			return i < g.length - 1 ? 'x' + x : x;
		}).join('/') + (width < 256 ? '.p/' + width : '');
	}

	/* "name+keyid+base64(type || key)" of signature type t. */
	function vkeyParse(k, t) {
		var a = k.indexOf('+'), b = a < 0 ? -1 : k.indexOf('+', a + 1);
		var raw = b < 0 ? null : b64(k.slice(b + 1));
		if (!raw || raw.length !== 33 || raw[0] !== t) {
			return null;
		}
		return { name: k.slice(0, a), id: k.slice(a + 1, b), key: raw.slice(1) };
	}

	function edVerify(key, sig, msg) {
		return crypto.subtle.importKey('raw', key, { name: 'Ed25519' },
			false, ['verify']).then(function (k) {
			return crypto.subtle.verify({ name: 'Ed25519' }, k, sig, msg);
		}).catch(function () {
			return false;
		});
	}

	/* log/checkpoint: its signature by the log key the page carries, its
	 * origin this registry's name; the cosignature/v1 lines of the
	 * witnesses the page names (a line of theirs that does not verify
	 * fails, as signed notes have it); its size and root. */
	function checkpoint(root) {
		return fetchOk(root + 'log/checkpoint').then(function (note) {
			var vk = vkeyParse(logData.vkey || '', 1);
			var cut = note.lastIndexOf('\n\n');
			if (!vk || cut < 0) {
				throw new Error(T.cpBad);
			}
			var text = note.slice(0, cut + 1), lines = text.split('\n');
			if (lines[0] !== data.registry || lines[0] !== vk.name) {
				throw new Error(T.cpBad);
			}
			var sigs = note.slice(cut + 2).split('\n').filter(Boolean)
				.map(function (l) {
					var m = /^\u2014 (\S+) (\S+)$/.exec(l);
					return m ? { name: m[1], sig: b64(m[2]) } : null;
				}).filter(function (s) {
					return s && s.sig;
				});
			var own = sigs.filter(function (s) {
				return s.name === vk.name && s.sig.length === 68 &&
					hex(s.sig.slice(0, 4)) === vk.id;
			});
			var wits = (logData.witnesses || []).map(function (k) {
				return vkeyParse(k, 4);
			}).filter(Boolean);
			var cos = [];
			wits.forEach(function (w) {
				sigs.forEach(function (s) {
					if (s.name === w.name && s.sig.length === 76 &&
						hex(s.sig.slice(0, 4)) === w.id) {
						cos.push({ w: w, s: s.sig });
					}
				});
			});
			return Promise.all(own.map(function (s) {
				return edVerify(vk.key, s.sig.slice(4), utf8(text));
			})).then(function (oks) {
				if (!oks.some(Boolean)) {
					throw new Error(T.cpBad);
				}
				return Promise.all(cos.map(function (c) {
					var t = 0;
					for (var i = 4; i < 12; i++) {
						t = t * 256 + c.s[i];
					}
					return edVerify(c.w.key, c.s.slice(12), concat([
						utf8('cosignature/v1\ntime ' + t + '\n'),
						utf8(text)]));
				}));
			}).then(function (oks) {
				var names = [];
				oks.forEach(function (ok, i) {
					if (!ok) {
						throw new Error(T.cosigBad + cos[i].w.name);
					}
					if (names.indexOf(cos[i].w.name) < 0) {
						names.push(cos[i].w.name);
					}
				});
				return { size: parseInt(lines[1], 10), root: b64(lines[2]),
					cosigners: names, quorum: logData.quorum || 0 };
			});
		});
	}

	/* Inclusion of the leaf (id, integrated) at index under the
	 * checkpoint: the RFC 6962 root computed from this leaf's own hash
	 * and the hash tiles' other subtrees must be the signed one, and the
	 * checkpoint must carry its witnesses' quorum. */
	function inclusion(root, id, integrated, index) {
		var tiles = {}, size = 0;

		/* Tile n of level l: as wide as the tree of the checkpoint
		 * makes it (a partial tile names its width). */
		function tile(level, n) {
			var k = level + '/' + n;
			var w = Math.min(256, Math.floor(size / Math.pow(256, level)) -
				n * 256);
			if (!tiles[k]) {
				tiles[k] = fetchOk(root + tilePath(level, n, w), 'bytes')
					.catch(function () {
						throw new Error(T.tileMissing + tilePath(level, n, w));
					}).then(function (b) {
						if (b.length !== w * 32) {
							throw new Error(T.tileBad + tilePath(level, n, w));
						}
						return b;
					});
			}
			return tiles[k];
		}
		function node(hashes) {
			return sha256(concat([new Uint8Array([1]), hashes[0],
				hashes[1]]));
		}
		/* The hash of the complete subtree at level l, index k. */
		function full(l, k) {
			if (l % 8 === 0) {
				var w = k % 256;
				return tile(l / 8, Math.floor(k / 256)).then(function (b) {
					return b.slice(w * 32, w * 32 + 32);
				});
			}
			return Promise.all([full(l - 1, 2 * k), full(l - 1, 2 * k + 1)])
				.then(node);
		}
		function mth(start, end, leaf) {
			var n = end - start, k = 1, l = 0;
			if (n === 1 && start === index) {
				return Promise.resolve(leaf);
			}
			while (k * 2 <= n) {
				k *= 2;
				l++;
			}
			if (k === n && (index < start || index >= end)) {
				return full(l, start / n);
			}
			if (k === n) {
				k /= 2;
			}
			return Promise.all([mth(start, start + k, leaf),
				mth(start + k, end, leaf)]).then(node);
		}
		return checkpoint(root).then(function (cp) {
			if (!(index >= 0 && index < cp.size)) {
				throw new Error(T.rootBad);
			}
			size = cp.size;
			return sha256(concat([new Uint8Array([0]),
				utf8(id + '\n' + integrated + '\n')])).then(function (leaf) {
				return mth(0, cp.size, leaf);
			}).then(function (h) {
				if (hex(h) !== hex(cp.root)) {
					throw new Error(T.rootBad);
				}
				if (cp.cosigners.length < cp.quorum) {
					throw new Error(fmt(T.quorumBad, {
						n: cp.cosigners.length, q: cp.quorum }));
				}
				return cp;
			});
		});
	}

	/* --- the record as registered -------------------------------------- */

	/* api/records/<hex>.json: the record, null when this registry does
	 * not hold it (api/ids/<aa>.txt lists every id it holds), undefined
	 * when that cannot be known here. */
	function registered(app, hexid) {
		var root = app.dataset.root;
		if (location.protocol !== 'http:' && location.protocol !== 'https:') {
			return Promise.resolve(undefined);
		}
		return fetchOk(root + 'api/ids/' + hexid.slice(0, 2) + '.txt')
			.then(function (list) {
				if (list.split('\n').indexOf(hexid) < 0) {
					return null;
				}
				return fetchOk(root + 'api/records/' + hexid + '.json')
					.then(JSON.parse);
			}).catch(function () {
				return undefined;
			});
	}

	/* --- what is shown ------------------------------------------------- */

	function el(tag, cls, text) {
		var e = document.createElement(tag);
		if (cls) {
			e.className = cls;
		}
		if (text !== undefined) {
			e.textContent = text;
		}
		return e;
	}

	function stateClass(s) {
		return s === 'active' ? 'ok' : s === 'revoked' ||
			s === 'suspended' || s === 'withdrawn' || s === 'delisted' ?
			'bad' : 'warn';
	}

	/* The heading: the status in the registry first.  An active status
	 * whose record failed a check (its log inclusion, its signatures) is
	 * not marked as a success above that failure. */
	function heading(box, state, word, verdict) {
		var h = el('h3', 'v-status');
		var cls = stateClass(state);
		if (cls === 'ok' && verdict !== 'ok') {
			cls = 'warn';
		}
		h.id = 'v-status';
		h.dataset.state = state;
		h.appendChild(document.createTextNode(T.status + T.colon));
		var b = el('span', 'state state-' + cls);
		var sym = el('span', '', cls === 'ok' ? '✓' :
			cls === 'bad' ? '✕' : '!');
		sym.setAttribute('aria-hidden', 'true');
		b.appendChild(sym);
		b.appendChild(document.createTextNode(' ' + word));
		h.appendChild(b);
		box.appendChild(h);
	}

	/* Since when and why a registered record is not active. */
	function why(box, app, rec) {
		var s = rec.status, act = { revoked: 'revoke', suspended: 'suspend',
			withdrawn: 'withdraw', delisted: 'delist',
			superseded: 'supersede' }[s], h = null;
		(rec.history || []).forEach(function (x) {
			if (x.action === act && time(x.effective_at) <= Date.now()) {
				h = x;
			}
		});
		if (h) {
			box.appendChild(el('p', 'status-since', T.since + T.colon +
				jst(h.effective_at)));
			var p = el('p', 'status-reason', T.reason + T.colon +
				(pick(h.reason) || h.action));
			if (h.reason_code) {
				p.appendChild(document.createTextNode(' (' + T.reasonCode +
					' '));
				p.appendChild(el('code', '', h.reason_code));
				p.appendChild(document.createTextNode(')'));
			}
			box.appendChild(p);
		} else if (s === 'expired' && rec.not_after) {
			box.appendChild(el('p', 'status-since', T.ended + T.colon +
				jst(rec.not_after)));
		} else if (s === 'superseded' && (rec.superseded_by || []).length) {
			var q = el('p', 'status-reason', T.byRecord + T.colon);
			var a = el('a', '', rec.superseded_by[0].slice(0, 23) + '…');
			a.setAttribute('href', app.dataset.lroot + 'r/' +
				rec.superseded_by[0].slice(7) + '.html');
			q.appendChild(a);
			box.appendChild(q);
		} else if (rec.status_reason) {
			box.appendChild(el('p', 'status-reason', T.reason + T.colon +
				rec.status_reason));
		}
	}

	/* Organisation, service, scheme, level and validity, as the record
	 * says. */
	function facts(box, p) {
		var dl = el('dl', 'v-facts'), n = 0;
		function row(k, v) {
			if (!v) {
				return;
			}
			dl.appendChild(el('dt', '', k));
			dl.appendChild(el('dd', '', v));
			n++;
		}
		var sc = schemeOf(p), def = (data.schemes || {})[sc] || {};
		row(T.org, p.organisation && pick(p.organisation.name));
		row(T.svc, p.service && pick(p.service.name));
		row(T.scheme, sc && (pick(def.name) || sc));
		row(T.level, p.level === undefined ? '' : pick((def.level_names ||
			{})[String(p.level)]) || (typeof p.level === 'number' ?
			'★' + p.level : String(p.level)));
		if (p.validity && p.validity.not_before && p.validity.not_after) {
			row(T.validity, jst(p.validity.not_before) + ' – ' +
				jst(p.validity.not_after));
		}
		if (n) {
			box.appendChild(dl);
		}
	}

	function lines(box, title, v, cls) {
		if (!v.length) {
			return;
		}
		box.appendChild(el('p', 'v-checks-title', title));
		var ul = el('ul', cls);
		v.forEach(function (l) {
			ul.appendChild(el('li', '', l));
		});
		box.appendChild(ul);
	}

	/* Everything decided: out = {state, word, verdict: ok|bad|warn,
	 * lead, problems, checks, rec, stmt}. */
	function show(app, out) {
		var box = $('verify-result');
		box.textContent = '';
		heading(box, out.state, out.word, out.verdict);
		box.appendChild(el('p', 'result-' + out.verdict, out.lead));
		if (out.rec && out.rec.status && out.rec.status !== 'active') {
			why(box, app, out.rec);
		}
		lines(box, '', out.problems, 'problems');
		if (out.stmt && out.stmt.predicate) {
			facts(box, out.stmt.predicate);
		}
		lines(box, T.checks, out.checks, 'v-checks');
		if (out.rec || out.regPage) {
			var p = el('p'), a = el('a', '', T.record);
			a.setAttribute('href', app.dataset.lroot + (out.rec ?
				out.rec.page : out.regPage));
			p.appendChild(a);
			box.appendChild(p);
		}
	}

	function fail(app, msg) {
		show(app, { state: 'invalid', word: T.invalidWord, verdict: 'bad',
			lead: T.invalid + msg, problems: [], checks: [] });
	}

	/* --- the verification ---------------------------------------------- */

	function verify(app, text) {
		var env, payload, stmt = null;
		try {
			env = JSON.parse(text);
		} catch (e) {
			fail(app, T.notJson);
			return;
		}
		if (!env || typeof env.payload !== 'string' ||
			typeof env.payloadType !== 'string' ||
			!Array.isArray(env.signatures) || !env.signatures.length) {
			fail(app, T.notEnvelope);
			return;
		}
		try {
			payload = b64(env.payload);
		} catch (e) {
			fail(app, e.message);
			return;
		}
		if (!window.crypto || !crypto.subtle) {
			fail(app, T.noCrypto);
			return;
		}
		try {
			stmt = JSON.parse(new TextDecoder('utf-8', { fatal: true })
				.decode(payload));
		} catch (e) {
			stmt = null;
		}
		var msg = pae(env.payloadType, payload);
		var id, rec;
		sha256(payload).then(function (d) {
			id = 'sha256:' + hex(d);
			return registered(app, hex(d));
		}).then(function (r) {
			rec = r;
			return decide(app, env, msg, stmt, id, rec);
		}).then(function (out) {
			show(app, out);
		}).catch(function (e) {
			fail(app, T.noCrypto + ' ' + (e && e.message ? e.message : ''));
		});
	}

	function decide(app, env, msg, stmt, id, rec) {
		var out = { problems: [], checks: [], rec: rec || null,
			stmt: stmt };
		var intoto = env.payloadType === INTOTO;
		var pred = stmt && typeof stmt.predicate === 'object' &&
			stmt.predicate ? stmt.predicate : null;
		var declared = pred && Array.isArray(pred.signers) ?
			pred.signers.filter(function (s) {
				return s && typeof s.role === 'string' &&
					typeof s.keyid === 'string';
			}) : [];
		var t = rec ? time(rec.integrated) : Date.now();
		var known = false, jobs;

		out.checks.push((labels.recordId || 'id') + ': ' + id);
		if (!intoto) {
			out.problems.push(T.payloadType + env.payloadType);
		} else if (!stmt || typeof stmt.predicateType !== 'string' ||
			!pred) {
			out.problems.push(T.notStatement);
		}
		if (declared.length) {
			/* Each declared signer: a valid signature by its key,
			 * with the key as this registry publishes it. */
			jobs = declared.map(function (s) {
				var a = data.signers.filter(function (x) {
					return x.keyid === s.keyid;
				})[0];
				if (!a) {
					return Promise.resolve({ s: s, ok: false, known: false });
				}
				known = true;
				return signedBy(env, msg, a.public_key).then(function (ok) {
					return { s: s, ok: ok, known: true, acc: a };
				});
			});
		} else {
			jobs = [Promise.all((data.operators || []).map(function (o) {
				return signedBy(env, msg, o.public_key);
			})).then(function (oks) {
				known = oks.some(Boolean);
				return { s: { role: 'operator' }, ok: known, known: known };
			})];
		}
		return Promise.all(jobs).then(function (res) {
			var bad = res.filter(function (r) {
				return !r.ok;
			});
			var changed = res.some(function (r) {
				return r.known && !r.ok;
			});
			var scheme = pred ? schemeOf(pred) : null;
			var sdef = scheme ? (data.schemes || {})[scheme] : null;
			var accOk = true;

			/* Not held here, and nothing of it is known here: a record
			 * of another registry, not a changed one. */
			if (rec === null && !res.some(function (r) {
				return r.known;
			})) {
				out.state = 'not-registered';
				out.word = T.notHere;
				out.verdict = 'bad';
				out.lead = '✕ ' + T.notHereWhy;
				return out;
			}
			if (changed) {
				out.problems.push(T.changed);
			}
			bad.forEach(function (r) {
				out.problems.push(T.noSigBy + role(r.s.role) +
					(r.s.keyid ? ' (' + r.s.keyid.slice(0, 16) + '…)' : ''));
			});
			if (!declared.length && !res[0].ok) {
				out.problems.push(T.noOperator);
			}
			/* The scheme's required roles, each accredited at t. */
			if (declared.length && pred) {
				if (!sdef) {
					out.problems.push(T.noScheme + (scheme || '?'));
					accOk = false;
				} else {
					(sdef.required_roles || []).forEach(function (r) {
						var d = declared.filter(function (s) {
							return s.role === r;
						})[0];
						if (!d) {
							out.problems.push(T.needRole + role(r));
							accOk = false;
							return;
						}
						var a = accredited(d.keyid, r, scheme, t);
						if (!a.acc) {
							out.problems.push(T.notAcc + role(r) + ' (' +
								d.keyid.slice(0, 16) + '…): ' + a.why);
							accOk = false;
						}
					});
				}
			}
			if (!bad.length) {
				out.checks.push(T.sigOk);
				res.forEach(function (r) {
					out.checks.push(T.signedBy + ': ' + role(r.s.role) +
						(r.acc ? ' — ' + pick(r.acc.person) + ' (' +
						pick(r.acc.organisation) + ')' : ''));
				});
			}
			if (declared.length && accOk) {
				out.checks.push(T.accOk);
			}
			/* An envelope that is not what its signers signed (or not
			 * a Statement) is refused as it is, whatever the registry
			 * says of the record with its id. */
			if (!intoto || out.problems.length && (changed || bad.length ||
				!pred)) {
				out.state = 'invalid';
				out.word = T.invalidWord;
				out.verdict = 'bad';
				out.lead = T.invalid + out.problems.shift();
				if (rec) {
					out.checks.push(T.regState + stateWord(rec.status));
					out.rec = null;
					out.regPage = rec.page;
				} else if (rec === null) {
					out.checks.push(T.notHere);
				}
				return out;
			}
			if (rec === undefined) {
				out.state = 'unknown';
				out.word = T.unknown;
				out.verdict = out.problems.length ? 'bad' : 'warn';
				out.lead = out.problems.length ? T.invalid +
					out.problems.shift() : T.sigsOnly;
				out.checks.push(T.unknownWhy);
				return out;
			}
			if (rec === null) {
				out.state = 'not-registered';
				out.word = T.notHere;
				out.verdict = 'bad';
				out.lead = out.problems.length ? T.invalid +
					out.problems.shift() : '✕ ' + T.notHereGenuine;
				if (out.problems.length || out.lead.indexOf(T.invalid) === 0) {
					out.problems.push(T.notHereWhy.split(/[。.]/)[0] +
						(ja ? '。' : '.'));
				}
				return out;
			}
			/* Held here: the status first, then the log. */
			out.state = rec.status;
			out.word = stateWord(rec.status);
			return inclusion(app.dataset.root, rec.id, rec.integrated,
				rec.log_index).then(function (cp) {
				out.checks.push(fmt(T.logOk, { n: cp.size,
					i: rec.log_index }));
				out.checks.push((logData.witnesses || []).length ? fmt(T.witOk, {
					n: cp.cosigners.length, q: cp.quorum,
					w: cp.cosigners.join(', ') }) : T.witNone);
			}, function (e) {
				out.problems.push(T.logBad + (e && e.message ?
					e.message : ''));
			}).then(function () {
				if (rec.status !== 'active') {
					out.verdict = 'bad';
					out.lead = T.invalid + fmt(T.notActive,
						{ s: out.word });
				} else if (out.problems.length) {
					out.verdict = 'bad';
					out.lead = T.invalid + out.problems.shift();
				} else {
					out.verdict = 'ok';
					out.lead = T.valid;
				}
				return out;
			});
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
