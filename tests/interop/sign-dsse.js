#!/usr/bin/env node
// Makes a DSSE envelope without inkan: a fresh Ed25519 key from Node's
// own crypto signs an in-toto Statement over the DSSE pre-authentication
// encoding as Sigstore computes it (@sigstore/core dsse.preAuthEncoding),
// for `inkan verify --key` to check.
//
// usage: node sign-dsse.js OUTDIR
// writes OUTDIR/node.pub           the public key (PEM SubjectPublicKeyInfo)
//        OUTDIR/artifact.txt       the Statement's subject
//        OUTDIR/node.dsse.json     the envelope
//        OUTDIR/node-tampered.dsse.json  the same signature on a payload
//                                  changed after signing
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { dsse } = require('@sigstore/core');

if (process.argv.length !== 3) {
  console.error('usage: node sign-dsse.js OUTDIR');
  process.exit(2);
}
const dir = process.argv[2];
const type = 'application/vnd.in-toto+json';
const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
const der = publicKey.export({ type: 'spki', format: 'der' });
const keyid = crypto.createHash('sha256').update(der).digest('hex');

const artifact = Buffer.from(`built by Node.js ${process.version}\n`);
// Members in the order a JavaScript program writes them, not sorted:
// inkan keeps payload bytes as signed and must not need its own form.
const statement = {
  _type: 'https://in-toto.io/Statement/v1',
  subject: [{
    name: 'artifact.txt',
    digest: { sha256: crypto.createHash('sha256').update(artifact).digest('hex') },
  }],
  predicateType: 'https://example.com/inkan-interop/node/v1',
  predicate: { builder: { id: `node ${process.version}` }, note: 'signed outside inkan' },
};
const payload = Buffer.from(JSON.stringify(statement), 'utf8');
const sig = crypto.sign(null, dsse.preAuthEncoding(type, payload), privateKey);

function envelope(p) {
  return JSON.stringify({
    payloadType: type,
    payload: p.toString('base64'),
    signatures: [{ keyid, sig: sig.toString('base64') }],
  }) + '\n';
}

statement.predicate.note = 'changed after signing';
const tampered = Buffer.from(JSON.stringify(statement), 'utf8');

fs.writeFileSync(path.join(dir, 'node.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
fs.writeFileSync(path.join(dir, 'artifact.txt'), artifact);
fs.writeFileSync(path.join(dir, 'node.dsse.json'), envelope(payload));
fs.writeFileSync(path.join(dir, 'node-tampered.dsse.json'), envelope(tampered));
console.log(keyid);
