#!/usr/bin/env node
// Verifies Sigstore bundles with Sigstore's own JavaScript verifier
// (@sigstore/verify), given the signers' public keys and no transparency
// log, certificate log or timestamp authority: how a Sigstore user checks
// a signature exported by `inkan export sigstore-bundle` without inkan.
// The key ids the bundles' hints must name are computed here, from the
// keys, as SHA-256 of the DER SubjectPublicKeyInfo.
//
// usage: node verify-bundle.js --key PUB.pem [--key PUB.pem]... BUNDLE...
// exit:  0 every bundle verified, 1 a bundle failed verification,
//        2 could not check (usage, unreadable or malformed bundle)
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const { bundleFromJSON, BUNDLE_V03_MEDIA_TYPE } = require('@sigstore/bundle');
const {
  Verifier, VerificationError, toSignedEntity, toTrustMaterial,
} = require('@sigstore/verify');

function usage(msg) {
  console.error(`verify-bundle: ${msg}`);
  console.error('usage: node verify-bundle.js --key PUB.pem... BUNDLE...');
  process.exit(2);
}

const keys = {};
const bundles = [];
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--key') {
    if (i + 1 >= argv.length) usage('--key needs a file');
    const der = crypto.createPublicKey(fs.readFileSync(argv[++i]))
      .export({ type: 'spki', format: 'der' });
    const keyid = crypto.createHash('sha256').update(der).digest('hex');
    keys[keyid] = { rawBytes: der };
  } else {
    bundles.push(argv[i]);
  }
}
if (Object.keys(keys).length === 0 || bundles.length === 0) {
  usage('give at least one --key and one bundle');
}

// No Fulcio, Rekor, CT log or TSA: the trust is in the keys alone.
const trust = toTrustMaterial({
  mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
  certificateAuthorities: [],
  timestampAuthorities: [],
  tlogs: [],
  ctlogs: [],
}, keys);
const verifier = new Verifier(trust, {
  tlogThreshold: 0, ctlogThreshold: 0, tsaThreshold: 0,
});

let worst = 0;
for (const path of bundles) {
  let bundle;
  try {
    const json = JSON.parse(fs.readFileSync(path, 'utf8'));
    if (json.mediaType !== BUNDLE_V03_MEDIA_TYPE) {
      throw new Error(`mediaType is ${json.mediaType}, not ${BUNDLE_V03_MEDIA_TYPE}`);
    }
    bundle = bundleFromJSON(json); // validates the v0.3 shape
  } catch (e) {
    console.error(`verify-bundle: ${path}: cannot read the bundle: ${e.message}`);
    worst = Math.max(worst, 2);
    continue;
  }
  try {
    verifier.verify(toSignedEntity(bundle));
    const hint = bundle.verificationMaterial.content.publicKey.hint;
    console.log(`${path}: verified with key ${hint}`);
  } catch (e) {
    if (!(e instanceof VerificationError)) {
      console.error(`verify-bundle: ${path}: ${e.stack}`);
      worst = Math.max(worst, 2);
      continue;
    }
    console.log(`${path}: NOT verified: ${e.code}: ${e.message}`);
    worst = Math.max(worst, 1);
  }
}
process.exit(worst);
