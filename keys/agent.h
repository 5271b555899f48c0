/*
 * Ed25519 keys held by an ssh-agent (draft-miller-ssh-agent): the agent
 * at SSH_AUTH_SOCK signs, the private key never enters this process.
 */
#ifndef INK_KEY_AGENT_H
#define INK_KEY_AGENT_H

#include <openssl/evp.h>

#include "core/ed25519.h"

/* A signing key whose signatures the agent makes with the private half
 * of pub; refused when there is no agent or it does not hold the key.
 * name is how the key was named (the public key file), for messages. */
int key_agent_open(EVP_PKEY **out, const struct pubkey *pub,
    const char *name);

#endif
