/*
 * SHA-256 of memory and of files (streamed, any size).
 */
#ifndef INK_DIGEST_H
#define INK_DIGEST_H

#include <stddef.h>

#define SHA256_LEN 32
#define SHA256_HEX (2 * SHA256_LEN + 1)

void sha256(unsigned char out[SHA256_LEN], const void *data, size_t n);
void sha256_hex(char out[SHA256_HEX], const void *data, size_t n);
int sha256_file(unsigned char out[SHA256_LEN], const char *path);

#endif
