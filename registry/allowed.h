/*
 * The registry's keys as an OpenSSH allowed_signers file (ssh-keygen(1),
 * ALLOWED SIGNERS), so that `ssh-keygen -Y verify` and git with
 * gpg.format=ssh check signatures by registry keys without inkan:
 *
 *   <keyid>[,<name>][,<email>] namespaces="inkan,git",
 *       valid-after="YYYYMMDDHHMMSSZ",valid-before="YYYYMMDDHHMMSSZ"
 *       ssh-ed25519 <key> <comment>
 *
 * One line per accreditation (KIND_SIGNER_TYPE) that verifies against
 * the registry, valid from the later of its valid_from and the time the
 * log integrated it, until the earlier of its valid_until and its audit
 * firm's selection (valid-before is the last second of the window:
 * ssh-keygen counts it in, inkan's windows end before their end time); an accreditation revoked, suspended, withdrawn or
 * superseded at the time asked about is left out.  One line per operator
 * key, and per log key (namespace "git" only), for each unbroken run of
 * root versions that list it, from the integration of the first until the
 * integration of the first root without it, or the newest root's expiry.
 */
#ifndef INK_REGISTRY_ALLOWED_H
#define INK_REGISTRY_ALLOWED_H

#include <stdint.h>

#include "core/buf.h"
#include "core/problems.h"
#include "registry/registry.h"

/* The namespaces every line allows: inkan's exports and git commits. */
#define REG_ALLOWED_NAMESPACES "inkan,git"
/* The file: a line of at most a few hundred bytes per key. */
#define REG_MAX_EXPORT (64u * 1024 * 1024)
/* The principal every operator key line carries beside its key id. */
#define REG_ALLOWED_OPERATOR "inkan-operator"
/* The log key, which signs checkpoints and is the one key an unattended
 * `registry add` holds: allowed for git commits only. */
#define REG_ALLOWED_LOG "inkan-log"
#define REG_ALLOWED_LOG_NAMESPACES "git"

/* Appends the file to out.  Every accreditation is checked; those that do
 * not verify (a bad signature, not in the signed log) are problems, and
 * the result is the most serious of them: nothing is to be written
 * then. */
int reg_allowed_signers(struct reg *g, int64_t at, struct buf *out,
    struct problems *p);

#endif
