# inkan — one non-recursive Makefile.  Knobs first.
VERSION = 0.1.0
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/inkan
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
DESTDIR ?=
CC ?= cc
CFLAGS ?= -O2 -g
WERROR ?= -Werror
SANITIZE ?=
BUILD ?= build
# One spelling of the build folder, relative when it is inside the tree:
# the dependency files (-MMD) name their targets as the build was asked
# for, so a build once spelt absolute (the tests' `make -C SRC
# BUILD=/abs/build install`) would otherwise leave rules a later plain
# `make` does not match, and a changed header would not rebuild.
override BUILD := $(patsubst $(CURDIR)/%,%,$(abspath $(BUILD)))
# The known-answer vectors live beside the checkout (see README).
VECTORS ?= $(abspath ../shared/vectors)
PROVE ?= prove
# V=1 shows every command.
Q = $(if $(V),,@)

.DEFAULT_GOAL := all
PKGS = libcrypto libgit2 libcjson libcmark libqrencode xlsxwriter
# Headers only: PKCS#11 modules are loaded with dlopen (keys/pkcs11.c), and
# libmicrohttpd only when a witness serves (witness/serve.c), libcurl only
# when a registry write asks a witness (witness/client.c): loaded then.
HDR_PKGS = p11-kit-1 libmicrohttpd libcurl
WARN = -Wall -Wextra $(WERROR) -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wno-missing-field-initializers \
	-Wno-format-truncation
# _GNU_SOURCE for all (fopencookie, renameat2, syncfs), so that the system
# headers core/banned.h includes first declare the same things for every
# file; banned.h then makes strcpy, sprintf, atoi and the like compile
# errors (docs/ARCHITECTURE.md).
DEFS = -std=c11 -D_GNU_SOURCE -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 \
	-DINK_DATADIR='"$(DATADIR)"' -DINK_VERSION='"$(VERSION)"'
BANNED = -include core/banned.h

# Flags from pkg-config, computed once after the packages are in place:
# build/config.mk is remade (installing missing packages) before make reads
# it, so a fresh machine needs no step by hand.
-include $(BUILD)/config.mk
$(BUILD)/config.mk: tools/deps Makefile
	@mkdir -p $(BUILD)
	@tools/deps build
	@{ echo "PKG_CFLAGS = $$(pkg-config --cflags $(PKGS) $(HDR_PKGS))"; \
	   echo "PKG_LIBS = $$(pkg-config --libs $(PKGS)) -lcsv -lm -ldl"; } > $@.tmp
	@mv $@.tmp $@

ALL_CFLAGS = $(DEFS) $(BANNED) -I. $(PKG_CFLAGS) $(WARN) -pthread $(CFLAGS) $(SANITIZE)
ALL_LDFLAGS = -pthread $(LDFLAGS) $(SANITIZE)

# The parts, from the bottom up: a file may include headers of its own part
# and of the parts before it, never of a part after it (docs/ARCHITECTURE.md;
# `make check-layers` holds the build to it).  cli/ is the command front ends
# and the demo; every other part is library code.
PARTS = core keys witness kinds sign registry verify summary export site cli
LIB_PARTS = $(filter-out cli,$(PARTS))
LIB_SRC = $(foreach p,$(LIB_PARTS),$(wildcard $(p)/*.c))
CMD_SRC = $(wildcard cli/*.c)
LIB_OBJ = $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
CMD_OBJ = $(CMD_SRC:%.c=$(BUILD)/obj/%.o)
LIB = $(BUILD)/libinkan.a
BIN = $(BUILD)/inkan

UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
MANS = $(wildcard docs/man/*.1)

.PHONY: all check check-unit check-e2e check-man check-asan check-valgrind bench bench-quick fuzz \
	install uninstall clean demo deps-check
all: $(BIN)

$(BUILD)/obj/%.o: %.c $(BUILD)/config.mk
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	$(Q)$(AR) rcs $@ $^

$(BIN): $(CMD_OBJ) $(LIB)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $(CMD_OBJ) $(LIB) $(PKG_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIB) $(BUILD)/config.mk
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(PKG_LIBS) -lcmocka

deps-check:
	@tools/deps check

# Unit tests (cmocka, TAP output) and end-to-end shell tests (TAP), all
# through prove so there is one summary.
check: deps-check
	@$(MAKE) --no-print-directory all $(UNIT_BIN) interop-deps site-deps
	@$(MAKE) --no-print-directory check-man check-layers
	INKAN=$(abspath $(BIN)) INKAN_VECTORS=$(VECTORS) \
	INKAN_SRC=$(CURDIR) INKAN_UNIT_DIR=$(abspath $(BUILD)/tests) \
	CMOCKA_MESSAGE_OUTPUT=TAP \
	$(PROVE) -j2 $(PROVE_FLAGS) --exec tests/run-one \
		$(UNIT_BIN) $(sort $(wildcard tests/t[0-9]*.sh))

# Mutation testing (not part of check): each one-line mutant of the verdict
# code in tests/mutation/mutants/ must make a test fail (tests/README.md).
# make mutate [MUTANTS='core-* site-*'] [MUTATE_FLAGS=--list|--fast-only]
.PHONY: mutate
mutate: deps-check
	@$(MAKE) --no-print-directory all $(UNIT_BIN) interop-deps site-deps
	BUILD=$(BUILD) INKAN_VECTORS=$(VECTORS) MUTANTS='$(MUTANTS)' \
		tests/mutation/run $(MUTATE_FLAGS)

# Node packages the interoperability tests verify with (pinned by the lock
# file), installed only when missing or older than the lock.
INTEROP = tests/interop
.PHONY: interop-deps
interop-deps: $(INTEROP)/node_modules/.package-lock.json
$(INTEROP)/node_modules/.package-lock.json: $(INTEROP)/package-lock.json
	npm ci --prefix $(INTEROP) --no-audit --no-fund
	@touch $@

# --- the site ---------------------------------------------------------------
# Its stylesheet and scripts are built into the binary (site/assets.c
# includes them with .incbin, relative to the top folder): rebuild that
# object when they change.
$(BUILD)/obj/site/assets.o: $(wildcard site/assets/*)

# The browser tests drive Debian's chromium (tools/deps check) with
# playwright-core from npm, pinned by tests/site/package-lock.json.
SITE_NODE = tests/site/node_modules/.package-lock.json
.PHONY: site-deps
site-deps: $(SITE_NODE)
$(SITE_NODE): tests/site/package.json tests/site/package-lock.json
	npm ci --prefix tests/site --no-audit --no-fund
	@touch $@

# The parts are used only downward, and the files of one part use each
# other without a circle (read from the objects once they are built).
.PHONY: check-layers
check-layers:
	@tools/layers $(if $(wildcard $(BIN)),--objects $(BUILD)/obj) $(PARTS)

check-man:
	@for m in $(MANS); do \
		out=$$(mandoc -Tlint -W warning $$m 2>&1) || { echo "$$out"; exit 1; }; \
		[ -z "$$out" ] || { echo "$$out"; exit 1; }; \
	done; echo "man pages: $(words $(MANS)) linted clean"

# The end-to-end tests of signing, verifying, audits, SCS and the registry
# with every inkan run under valgrind memcheck (errors and definite leaks
# fail the test that ran it).
VALGRIND_TESTS = tests/t0010-keys.sh tests/t0020-sign-verify.sh \
	tests/t0100-audit.sh tests/t0200-scs.sh tests/t0300-registry.sh \
	tests/t0320-registry-rules.sh
check-valgrind: all
	@command -v valgrind >/dev/null || { echo "inkan: check-valgrind: apt-get install valgrind" >&2; exit 2; }
	INKAN_REAL=$(abspath $(BIN)) INKAN=$(CURDIR)/tests/valgrind-inkan \
	INKAN_VECTORS=$(VECTORS) INKAN_SRC=$(CURDIR) \
	$(PROVE) -j2 --exec tests/run-one $(VALGRIND_TESTS)

# The same suite under AddressSanitizer and UndefinedBehaviorSanitizer, in
# a build folder of its own.
check-asan:
	INKAN_PROGRESS_N=2000 $(MAKE) --no-print-directory BUILD=build-asan CFLAGS="-O1 -g" \
		SANITIZE="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
		check

# Benchmarks, not tests: figures with their commands and ratios to the
# machine's Ed25519 limit and to peers (README, Performance).
# (the build first, on every core: bench-quick's 2 minutes include it)
bench:
	@$(MAKE) --no-print-directory -j$$(nproc) $(BIN)
	@tools/deps bench
	bench/run.sh $(BIN) 100000 5
bench-quick:
	@$(MAKE) --no-print-directory -j$$(nproc) $(BIN)
	@tools/deps bench
	BENCH_IN_MEMORY=1 bench/run.sh $(BIN) 10000 5

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)/catalogs \
		$(DESTDIR)$(DATADIR)/examples
	install -m 0755 $(BIN) $(DESTDIR)$(BINDIR)/inkan
	for m in $(MANS); do install -m 0644 $$m $(DESTDIR)$(MANDIR)/man1/; done
	for c in $(wildcard catalogs/*.json); do install -m 0644 $$c $(DESTDIR)$(DATADIR)/catalogs/; done
	for e in $(wildcard examples/*.csv); do install -m 0644 $$e $(DESTDIR)$(DATADIR)/examples/; done
	install -d $(DESTDIR)$(BASHCOMPDIR)
	install -m 0644 docs/completion/inkan.bash $(DESTDIR)$(BASHCOMPDIR)/inkan

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/inkan
	for m in $(notdir $(MANS)); do rm -f $(DESTDIR)$(MANDIR)/man1/$$m; done
	rm -rf $(DESTDIR)$(DATADIR)
	rm -f $(DESTDIR)$(BASHCOMPDIR)/inkan

# The demo: a registry with a realistic cast, its site, and three commands
# to try.  ./demo (DEMO) is made anew each time (it holds nothing of yours).
DEMO ?= demo
demo: $(BIN)
	@rm -rf $(DEMO)
	@$(BIN) demo $(DEMO)
	@printf '\nTo run this build as plain "inkan" (as in the README'"'"'s tour):\n\n  export PATH="%s:$$PATH"\n\n' '$(abspath $(BUILD))'

clean:
	rm -rf $(BUILD) build-asan build-fuzz

-include $(LIB_OBJ:.o=.d) $(CMD_OBJ:.o=.d)

# Fuzzing (clang's libFuzzer): make fuzz [FUZZ_SECONDS=N], make fuzz-regress.
include fuzz/fuzz.mk
.PHONY: fuzz-deps
fuzz-deps:
	@tools/deps fuzz
$(FUZZ_BINS): | fuzz-deps
