# libFuzzer targets, included from the top-level Makefile
# ("include fuzz/fuzz.mk"); also usable alone: make -f fuzz/fuzz.mk fuzz.
#
#   make fuzz [FUZZ_SECONDS=N] [FUZZ_TARGETS="dsse json"] [FUZZ_FLAGS=...]
#       builds every fuzz/fuzz_<name>.c with clang, libFuzzer, ASan and
#       UBSan against the library sources, and runs each for FUZZ_SECONDS
#       from its seeds (fuzz/corpus/<name>/ and fuzz/regress/<name>/);
#       inputs it finds go to build-fuzz/corpus/<name>/, crashes to
#       build-fuzz/artifacts/<name>/.  Fails if any target crashed.
#   make fuzz-regress
#       runs every target once over its seeds and regression inputs,
#       without fuzzing (fast; for CI).
#   make fuzz-build, make fuzz-clean
#
# A crash found is minimised (build-fuzz/fuzz_<name> -minimize_crash=1
# -runs=10000 CRASH), kept in fuzz/regress/<name>/, and fixed.

FUZZ_SECONDS ?= 10
FUZZ_CC ?= clang
FUZZ_BUILD ?= build-fuzz
FUZZ_FLAGS ?=
# V=1 shows every command.
FUZZ_Q = $(if $(V),,@)
FUZZ_ALL := $(patsubst fuzz/fuzz_%.c,%,$(wildcard fuzz/fuzz_*.c))
FUZZ_TARGETS ?= $(FUZZ_ALL)
FUZZ_PKGS ?= libcrypto libgit2 libcjson libcmark libqrencode xlsxwriter
# Headers only (keys/pkcs11.c and witness/serve.c load with dlopen).
FUZZ_HDR_PKGS ?= p11-kit-1 libmicrohttpd

# pkg-config runs once, and only when a fuzz target is built.
FUZZ_PKG_CFLAGS = $(eval FUZZ_PKG_CFLAGS := $$(shell pkg-config --cflags \
	$(FUZZ_PKGS) $(FUZZ_HDR_PKGS)))$(FUZZ_PKG_CFLAGS)
FUZZ_PKG_LIBS = $(eval FUZZ_PKG_LIBS := $$(shell pkg-config --libs \
	$(FUZZ_PKGS)) -lcsv -lm -ldl)$(FUZZ_PKG_LIBS)

FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
# The language and feature macros of the main build when included from it.
FUZZ_STD = $(if $(DEFS),$(filter -std=% -D_%,$(DEFS)),-std=c11 \
	-D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700)
FUZZ_DEFS = $(FUZZ_STD) -DINK_DATADIR='"/nonexistent"' -DINK_VERSION='"fuzz"' \
	-DFUZZ_SRCDIR='"$(CURDIR)"'
FUZZ_CFLAGS = $(FUZZ_DEFS) -I. $(FUZZ_PKG_CFLAGS) -g -O1 -Wall -Wextra \
	-Wno-unused-parameter \
	-Wno-missing-field-initializers $(FUZZ_SAN)

# The library: every part but the command front ends (cli/), as in the
# Makefile.
FUZZ_LIB_SRC = $(LIB_SRC)
FUZZ_LIB_OBJ = $(FUZZ_LIB_SRC:%.c=$(FUZZ_BUILD)/obj/%.o)
FUZZ_LIB = $(FUZZ_BUILD)/libinkan-fuzz.a
FUZZ_BINS = $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%)
# Leaks of system libraries that inkan cannot fix (see the file).
FUZZ_ENV = LSAN_OPTIONS=suppressions=$(CURDIR)/fuzz/lsan.supp:print_suppressions=0 \
	UBSAN_OPTIONS=print_stacktrace=1

.PHONY: fuzz fuzz-build fuzz-regress fuzz-clean

$(FUZZ_BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP \
		-c $< -o $@

$(FUZZ_LIB): $(FUZZ_LIB_OBJ)
	@rm -f $@
	$(FUZZ_Q)$(AR) rcs $@ $^

$(FUZZ_BUILD)/fuzz_%: fuzz/fuzz_%.c fuzz/common.h $(FUZZ_LIB)
	@mkdir -p $(dir $@)
	$(FUZZ_Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_LIB) \
		$(FUZZ_PKG_LIBS)

fuzz-build: $(FUZZ_BINS)

# Each target fuzzes for FUZZ_SECONDS; its log is kept in
# build-fuzz/log/<name>.log and its last lines shown.
fuzz: $(FUZZ_BINS)
	@failed=""; \
	for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_BUILD)/corpus/$$t $(FUZZ_BUILD)/artifacts/$$t \
			$(FUZZ_BUILD)/log; \
		seeds=""; \
		for d in fuzz/corpus/$$t fuzz/regress/$$t; do \
			[ -d $$d ] && seeds="$$seeds $$d"; \
		done; \
		echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
		if $(FUZZ_ENV) $(FUZZ_BUILD)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
			-timeout=30 -rss_limit_mb=4096 -print_final_stats=1 \
			-artifact_prefix=$(FUZZ_BUILD)/artifacts/$$t/ \
			$(FUZZ_FLAGS) $(FUZZ_BUILD)/corpus/$$t $$seeds \
			>$(FUZZ_BUILD)/log/$$t.log 2>&1; then \
			grep -E '^(stat::number_of_executed_units|stat::new_units_added|Done)' \
				$(FUZZ_BUILD)/log/$$t.log | sed "s/^/  $$t: /"; \
		else \
			tail -n 40 $(FUZZ_BUILD)/log/$$t.log; \
			echo "fuzz: $$t FAILED: see $(FUZZ_BUILD)/log/$$t.log and $(FUZZ_BUILD)/artifacts/$$t/"; \
			failed="$$failed $$t"; \
		fi; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz: crashes in:$$failed"; exit 1; fi; \
	echo "fuzz: $(words $(FUZZ_TARGETS)) targets, no crash"

# Every seed and regression input once, no fuzzing.
fuzz-regress: $(FUZZ_BINS)
	@failed=""; \
	for t in $(FUZZ_TARGETS); do \
		files=$$(find fuzz/corpus/$$t fuzz/regress/$$t -type f \
			2>/dev/null | sort); \
		[ -n "$$files" ] || { echo "fuzz-regress: $$t: no inputs"; continue; }; \
		n=$$(echo "$$files" | wc -l); \
		mkdir -p $(FUZZ_BUILD)/log; \
		if $(FUZZ_ENV) $(FUZZ_BUILD)/fuzz_$$t -timeout=30 -rss_limit_mb=4096 $$files \
			>$(FUZZ_BUILD)/log/$$t-regress.log 2>&1; then \
			echo "fuzz-regress: $$t: $$n inputs ok"; \
		else \
			tail -n 40 $(FUZZ_BUILD)/log/$$t-regress.log; \
			echo "fuzz-regress: $$t FAILED"; failed="$$failed $$t"; \
		fi; \
	done; \
	[ -z "$$failed" ] || { echo "fuzz-regress: failures in:$$failed"; exit 1; }

fuzz-clean:
	rm -rf $(FUZZ_BUILD)

-include $(FUZZ_LIB_OBJ:.o=.d)
