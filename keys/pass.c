/*
 * Passphrases from a file or the terminal.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "core/error.h"
#include "core/file.h"
#include "core/limits.h"
#include "keys/pass.h"

/* The first line of the file, without its line ending. */
static int
from_file(struct buf *out, const char *path, const char *what)
{
	struct buf raw;
	size_t n;
	int rc;

	if ((rc = file_read(&raw, path, INK_MAX_PASSPHRASE)) != 0)
		return ink_error_wrap(rc, "passphrase for '%s'", what);
	n = 0;
	while (n < raw.len && raw.data[n] != '\n' && raw.data[n] != '\r')
		n++;
	if (n == 0) {
		buf_wipe(&raw);
		return ink_error(INK_EINPUT, "passphrase file '%s' is empty",
		    path);
	}
	buf_init(out, INK_MAX_PASSPHRASE);
	rc = buf_add(out, raw.data, n);
	buf_wipe(&raw);
	return rc;
}

static int
prompt_once(struct buf *out, int fd, const char *prompt)
{
	struct termios old, quiet;
	char c;
	ssize_t n;
	int rc = 0, restored = 0;

	if (tcgetattr(fd, &old) != 0)
		return ink_error_sys(INK_EINPUT, "cannot read the terminal");
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	quiet.c_lflag |= ICANON;
	if (write(fd, prompt, strlen(prompt)) < 0 ||
	    tcsetattr(fd, TCSAFLUSH, &quiet) != 0)
		return ink_error_sys(INK_EINPUT, "cannot use the terminal");
	buf_init(out, INK_MAX_PASSPHRASE);
	for (;;) {
		n = read(fd, &c, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || c == '\n' || c == '\r')
			break;
		if ((rc = buf_add(out, &c, 1)) != 0)
			break;
	}
	c = 0;
	restored = tcsetattr(fd, TCSAFLUSH, &old) == 0;
	if (write(fd, "\n", 1) < 0 || !restored)
		rc = rc ? rc : ink_error(INK_EINPUT, "cannot restore the terminal");
	if (rc != 0)
		buf_wipe(out);
	return rc;
}

int
pass_read(struct buf *out, const char *file, const char *what, bool confirm)
{
	struct buf again = BUF_INIT(INK_MAX_PASSPHRASE);
	char prompt[512];
	const char *env;
	int fd, rc;

	buf_init(out, INK_MAX_PASSPHRASE);
	if (file)
		return from_file(out, file, what);
	env = getenv("INKAN_PASSPHRASE_FILE");
	if (env && *env)
		return from_file(out, env, what);
	fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0 || !isatty(fd)) {
		if (fd >= 0)
			close(fd);
		return ink_error(INK_EINPUT, "key '%s' needs a passphrase: give "
		    "--passphrase-file or set INKAN_PASSPHRASE_FILE (no terminal "
		    "to ask on)", what);
	}
	snprintf(prompt, sizeof(prompt), "passphrase for '%s': ", what);
	if ((rc = prompt_once(out, fd, prompt)) != 0)
		goto cleanup;
	if (out->len == 0) {
		rc = ink_error(INK_EINPUT, "empty passphrase for '%s'", what);
		goto cleanup;
	}
	if (confirm) {
		snprintf(prompt, sizeof(prompt), "again, to confirm: ");
		if ((rc = prompt_once(&again, fd, prompt)) != 0)
			goto cleanup;
		if (again.len != out->len ||
		    CRYPTO_memcmp(again.data, out->data, out->len) != 0)
			rc = ink_error(INK_EINPUT, "the passphrases for '%s' do "
			    "not match", what);
	}
cleanup:
	buf_wipe(&again);
	close(fd);
	if (rc != 0)
		buf_wipe(out);
	return rc;
}
