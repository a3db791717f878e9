# secrot-lint - build, demo, tests, sanitizers, benchmark, install.
#
#   make demo      build and lint the bundled example
#   make check     build and run the whole test suite
#   make asan      the test suite under AddressSanitizer + UBSan
#   make bench     timing against a bare libyaml parse; language server latency
#   make golden    rewrite the golden lint and fix files from the current binary
#   make accuracy  per rule: findings on the corpus, true positives, judgement calls
#   make install   PREFIX=/usr/local DESTDIR=
#   make deb       the Debian package, in build/deb/
#   make release VERSION=x.y.z   check the tree and the version strings, tag vx.y.z

CC ?= cc
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
COMPDIR ?= $(PREFIX)/share/bash-completion/completions
BUILD ?= build
VERSION := 0.1.0

PKGS := yaml-0.1 libcjson libpcre2-8
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)

CFLAGS ?= -O2 -g
WARN := -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wno-format-nonliteral -Wstrict-prototypes \
        -Wmissing-prototypes -Wvla
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DSR_VERSION='"$(VERSION)"' \
             $(WARN) -Isrc -I$(BUILD) $(PKG_CFLAGS) -pthread $(CPPFLAGS) $(CFLAGS) $(EXTRA_CFLAGS)
LDLIBS = $(PKG_LIBS) -pthread -lm

SRC := $(filter-out src/main.c,$(wildcard src/*.c)) $(wildcard rules/*.c)
OBJ := $(SRC:%.c=$(BUILD)/%.o) $(BUILD)/embed.o
LIB := $(BUILD)/libsecrot.a
BIN := $(BUILD)/secrot-lint
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
SCHEMAS := $(shell find schemas -name '*.json' 2>/dev/null)

.PHONY: all deps test-deps demo check asan bench install uninstall clean docs format format-check \
        schemas unit-tests fuzz lint-c valgrind deb release golden accuracy

all: $(BIN)

deps:
	@sh tools/deps.sh build

test-deps:
	@sh tools/deps.sh test

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/embed.c: tools/embed.sh $(SCHEMAS)
	@mkdir -p $(BUILD)
	sh tools/embed.sh $@ schemas

$(BUILD)/embed.o: $(BUILD)/embed.c
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(LIB): $(OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(BUILD)/src/main.o $(LIB)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDFLAGS) $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/check.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/unit -Irules -o $@ $< $(LIB) $(LDFLAGS) $(LDLIBS)

$(BUILD)/bench/%: bench/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LDFLAGS) $(LDLIBS)

demo: deps
	@$(MAKE) --no-print-directory all
	@echo "== secrot-lint examples/seed-template.yaml"
	@$(BIN) examples/seed-template.yaml; status=$$?; \
	  echo "== exit status $$status (1: findings at or above --fail-level)"; \
	  test $$status -le 1

check: test-deps
	@$(MAKE) --no-print-directory all unit-tests
	@BUILD=$(BUILD) SECROT_LINT=$(BIN) bash tests/run

unit-tests: $(UNIT_BIN)

asan: deps
	@$(MAKE) --no-print-directory BUILD=build/asan CC=clang \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=address,undefined" all unit-tests
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=99 \
	  SR_SANITIZER=1 BUILD=build/asan SECROT_LINT=build/asan/secrot-lint bash tests/run

# Per rule: corpus findings, tp and judgement calls (tests/accuracy/README.md).
accuracy: all
	@SECROT_LINT=$(BIN) python3 tools/accuracy.py --table

# Rewrites the golden lint and fix files from the current binary (review with git diff).
golden: all
	@SECROT_LINT=$(BIN) bash tools/golden.sh

bench: deps
	@$(MAKE) --no-print-directory all $(BUILD)/bench/baseline $(BUILD)/bench/gen
	@BUILD=$(BUILD) SECROT_LINT=$(BIN) bash bench/run
	@BUILD=$(BUILD) SECROT_LINT=$(BIN) python3 bench/lsp.py
	@BUILD=$(BUILD) SECROT_LINT=$(BIN) bash bench/scale

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(COMPDIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/secrot-lint
	if [ -f docs/secrot-lint.1 ]; then install -m 644 docs/secrot-lint.1 $(DESTDIR)$(MANDIR)/man1/secrot-lint.1; fi
	if [ -f docs/secrot-lint.bash ]; then install -m 644 docs/secrot-lint.bash $(DESTDIR)$(COMPDIR)/secrot-lint; fi

# The Debian package (dpkg-buildpackage -us -uc -b on a copy of the tree).
deb:
	@sh tools/deps.sh deb
	@sh tools/deb.sh $(VERSION)

# make release VERSION=x.y.z: the tree is clean, the binary, man page,
# debian/changelog and CHANGELOG.md all say x.y.z; then tag vx.y.z.
release:
	@sh tools/release.sh "$(if $(filter command line,$(origin VERSION)),$(VERSION))"

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/secrot-lint $(DESTDIR)$(MANDIR)/man1/secrot-lint.1 $(DESTDIR)$(COMPDIR)/secrot-lint

# libFuzzer harnesses (fuzz/*.c), FUZZ_SECONDS each; crashes go to fuzz/regress/.
FUZZ_SECONDS ?= 60
fuzz: deps
	@BUILD=$(BUILD) FUZZ_SECONDS=$(FUZZ_SECONDS) bash fuzz/run

# Static analysis: cppcheck, then clang-tidy with the checks in .clang-tidy.
LINT_C_SRC = $(wildcard src/*.c rules/*.c bench/*.c fuzz/*.c)
TIDY_FLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DSR_VERSION="$(VERSION)" \
             -Isrc -I$(BUILD) -Ifuzz $(PKG_CFLAGS) -pthread
lint-c: $(BUILD)/embed.c
	cppcheck -q --std=c11 --enable=warning,portability,performance --inline-suppr \
	  --error-exitcode=1 --suppress=missingIncludeSystem -j 2 \
	  -D_POSIX_C_SOURCE=200809L -DSR_VERSION='"$(VERSION)"' -Isrc -I$(BUILD) -Ifuzz \
	  src rules bench fuzz tools/faultshim.c
	printf '%s\n' $(LINT_C_SRC) | TIDY_FLAGS='$(TIDY_FLAGS)' xargs -P 2 -n 4 \
	  sh -c 'clang-tidy --quiet "$$@" -- $$TIDY_FLAGS' clang-tidy

# The corpus and the fixtures under valgrind: no error, no leak.
valgrind: all
	@SR_VALGRIND=1 BUILD=$(BUILD) SECROT_LINT=$(BIN) bash tests/cli/corpus_lint.sh
	@SR_VALGRIND=1 SR_CORPUS=fixtures BUILD=$(BUILD) SECROT_LINT=$(BIN) bash tests/cli/corpus_lint.sh

# Rule pages, the README rule table and the seed graph, from the binary.
docs: all
	sh tools/gen-docs.sh $(BIN)

# Maintainer target: regenerates schemas/resources/ from the published
# CloudFormation resource specification (needs node and npm; see
# schemas/resources/SOURCE.md). Building and testing never need it.
schemas:
	sh tools/gen-schemas.sh

format:
	clang-format -i src/*.c src/*.h rules/*.c rules/*.h tests/unit/*.c tests/unit/*.h bench/*.c 2>/dev/null || true

format-check:
	clang-format --dry-run -Werror src/*.c src/*.h rules/*.c $(wildcard rules/*.h) tests/unit/*.c tests/unit/*.h $(wildcard bench/*.c)

clean:
	rm -rf build

-include $(OBJ:.o=.d) $(BUILD)/src/main.d
