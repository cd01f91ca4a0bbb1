# vnetc - see README.md. GNU make.
.SUFFIXES:

VERSION = 0.1.0
O ?= build
LUA_PC ?= lua5.4
# libcurl only for its headers: http.c opens it at run time (dlopen, in
# glibc's libc since 2.34), so that the commands that never send a request
# do not pay for loading it and the 30 libraries it needs.
LINK_PKGS = yaml-0.1 jansson $(LUA_PC)
PKGS = $(LINK_PKGS) libcurl
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(LINK_PKGS) 2>/dev/null)
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Wpedantic \
	-Wshadow -Wmissing-prototypes -Wstrict-prototypes -Wwrite-strings \
	-DVNETC_VERSION='"$(VERSION)"' -Icompiler $(CFLAGS) $(PKG_CFLAGS)
CFLAGS ?= -O2 -g

# Debian packages: what building, installing and running vnetc needs
# (python3 makes vnetc-rules(7), Graphviz draws the diagram; make
# build-deps, as the pipelines in examples/ run it), and what the tests
# add (make deps installs both).
BUILD_PKGS = gcc make pkg-config libyaml-dev libjansson-dev liblua5.4-dev \
	libcurl4-openssl-dev python3 graphviz
TEST_PKGS = shellcheck python3-jsonschema groff-base python3-yaml openssl \
	python3-jmespath
DEB_PKGS = $(BUILD_PKGS) $(TEST_PKGS)

LIBOBJ = $(O)/util.o $(O)/diag.o $(O)/cidr.o $(O)/privatelink.o \
	$(O)/regions.o $(O)/restypes.o $(O)/backtypes.o $(O)/tmpl.o $(O)/spec.o \
	$(O)/plan.o $(O)/body.o $(O)/emit_az.o $(O)/emit_arm.o $(O)/graph.o $(O)/check.o \
	$(O)/cidrcmd.o $(O)/http.o $(O)/pace.o $(O)/auth.o $(O)/arm.o $(O)/diff.o $(O)/batch.o \
	$(O)/journal.o $(O)/ops.o $(O)/exec.o $(O)/report.o $(O)/apply.o $(O)/naming.o \
	$(O)/unicode.o $(O)/unicode_tab.o $(O)/netsec.o $(O)/servicetags.o \
	$(O)/yamlmsg.o $(O)/schema.o $(O)/import.o $(O)/uuid.o $(O)/roles.o
OBJ = $(LIBOBJ) $(O)/main.o
UNIT = $(O)/cidr_test $(O)/privatelink_test $(O)/core_test $(O)/http_test \
	$(O)/naming_test $(O)/tmpl_test $(O)/backtypes_test $(O)/pace_test

all: $(O)/vnetc

$(O)/vnetc: $(OBJ)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(OBJ) $(PKG_LIBS)

$(O)/%.o: compiler/%.c compiler/*.h | $(O)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(O):
	mkdir -p $(O)

$(O)/cidr_test: tests/unit/cidr_test.c compiler/cidr.c compiler/cidr.h | $(O)
	$(CC) $(ALL_CFLAGS) -o $@ tests/unit/cidr_test.c compiler/cidr.c

$(O)/privatelink_test: tests/unit/privatelink_test.c compiler/privatelink.c \
		compiler/privatelink.h | $(O)
	$(CC) $(ALL_CFLAGS) -o $@ tests/unit/privatelink_test.c \
		compiler/privatelink.c

$(O)/core_test: tests/unit/core_test.c $(LIBOBJ)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ tests/unit/core_test.c $(LIBOBJ) \
		$(PKG_LIBS)

# The back-end types (backtypes.c): invariants and the reviewed dump.
$(O)/backtypes_test: tests/unit/backtypes_test.c $(LIBOBJ)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ tests/unit/backtypes_test.c \
		$(LIBOBJ) $(PKG_LIBS)

# tmpl.c's renderings over a hostile corpus, read back by bash and by
# tests/tools/arm_expr.py: linked with tmpl.o and what it stands on alone.
TMPL_DEPS = $(O)/tmpl.o $(O)/unicode.o $(O)/unicode_tab.o $(O)/util.o
$(O)/tmpl_test: tests/unit/tmpl_test.c $(TMPL_DEPS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ tests/unit/tmpl_test.c \
		$(TMPL_DEPS)

# Azure's naming rules, one block per row of restypes.c's namerules[].
$(O)/naming_test: tests/unit/naming_test.c $(LIBOBJ)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ tests/unit/naming_test.c \
		$(LIBOBJ) $(PKG_LIBS)

# http.c and auth.c against tests/mockarm/server.py (run from the root).
$(O)/http_test: tests/unit/http_test.c $(O)/http.o $(O)/auth.o
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ tests/unit/http_test.c \
		$(O)/http.o $(O)/auth.o $(PKG_LIBS)

# pace.c against a simulated ARM bucket (no server, no clock).
$(O)/pace_test: tests/unit/pace_test.c $(O)/pace.o
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ tests/unit/pace_test.c \
		$(O)/pace.o -lm

# The Unicode tables of the naming rules, from Python's unicodedata
# (compiler/unicode.h); tests/naming.sh checks that this reproduces them.
# The service tags of NSG rules and routes (compiler/servicetags.c), from
# Microsoft's weekly download (docs/azure-notes.md 15.3):
#   make service-tags SERVICE_TAGS=ServiceTags_Public_YYYYMMDD.json
service-tags:
	/usr/bin/python3 compiler/servicetags.py $(SERVICE_TAGS) \
		>compiler/servicetags.c.tmp
	mv compiler/servicetags.c.tmp compiler/servicetags.c

unicode-table:
	/usr/bin/python3 compiler/unicode_tab.py >compiler/unicode_tab.c.tmp
	mv compiler/unicode_tab.c.tmp compiler/unicode_tab.c

# The spec format as a JSON Schema (vnetc schema), kept in the repository
# for editors: each spec in specs/ points at it on its first line.
# tests/schema.sh fails when it is not vnetc schema's output.
schema: all
	$(O)/vnetc schema -o docs/vnetc.schema.json

# Installs what is missing, as root; otherwise prints the command and fails.
deps:
	@missing=""; for p in $(DEB_PKGS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | \
			grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
		echo "make deps: installing$$missing"; \
		{ apt-get update -q && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -q --no-install-recommends $$missing; } \
			>$(O).deps.log 2>&1 || { cat $(O).deps.log; exit 1; }; \
	else \
		echo "make deps: missing Debian packages; run:"; \
		echo "  sudo apt-get install -y$$missing"; exit 1; \
	fi

# Only what building, installing and running vnetc needs.
build-deps:
	$(MAKE) deps DEB_PKGS="$(BUILD_PKGS)"

# Build the default spec into out/.
run: deps
	$(MAKE) all
	$(O)/vnetc build specs/isolated-backend.yaml -o out

# Every spec in specs/ into out/.
out: all
	for f in specs/*.yaml; do $(O)/vnetc build "$$f" -o out || exit 1; done

test: deps
	$(MAKE) all $(UNIT) $(O)/parse_only $(O)/measure
	O=$(O) tests/run

# The same suite built with AddressSanitizer and UBSan.
check: deps
	$(MAKE) O=build/san CFLAGS='-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer' \
		LDFLAGS='-fsanitize=address,undefined' all build/san/cidr_test \
		build/san/privatelink_test build/san/core_test build/san/http_test \
		build/san/naming_test build/san/tmpl_test build/san/backtypes_test \
		build/san/pace_test \
		build/san/parse_only build/san/measure
	O=build/san tests/run

# ---- scale and hardening (issue 6): bench, valgrind, fuzz ----
# The scale table: N = 20, 200, 2000 VNets x 16 subnets (bench/run.sh).
$(O)/parse_only: bench/parse_only.c $(O)/util.o
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ bench/parse_only.c $(O)/util.o \
		$(PKG_LIBS)

$(O)/measure: bench/measure.c $(O)/util.o
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ bench/measure.c $(O)/util.o

bench: deps
	$(MAKE) all $(O)/parse_only $(O)/measure
	O=$(O) bench/run.sh
	O=$(O) sh bench/apply.sh
	O=$(O) sh bench/throttle.sh

# valgrind memcheck over the CLI on every spec and bad spec: no leak, no
# invalid access (tests/valgrind.sh). Needs only the valgrind package.
valgrind:
	$(MAKE) deps DEB_PKGS=valgrind
	$(MAKE) all
	O=$(O) tests/valgrind.sh

# libFuzzer targets (fuzz/), each run FUZZ_SECONDS (fuzz/run.sh); clang
# only here, the normal build and test do not need it.
FUZZ_SECONDS ?= 30
FUZZ_CC = clang
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_LIBSRC = $(LIBOBJ:$(O)/%.o=compiler/%.c)

# lua_fuzz: an endless hook loop ends after 20,000 instructions or 10 ms
# of CPU, a stuck pattern after 6 ms (2 ms ticks) and a state at 4 MiB,
# not a real hook's 10 million, 1 s, 500 ms and 64 MiB, so the fuzzer
# keeps its pace (naming.c); coverage only in naming.c.
$(O)/fuzz/lua_fuzz: FUZZ_DEFS = -DVNETC_HOOK_STEPS=20000 \
	-DVNETC_HOOK_CPU_MS=10 \
	-DVNETC_HOOK_STUCK_MS=6 -DVNETC_HOOK_TICK_MS=2 \
	-DVNETC_HOOK_MEMORY='(4 << 20)' \
	-fsanitize-coverage-allowlist=fuzz/lua_fuzz.allow

$(O)/fuzz/%: fuzz/%.c $(FUZZ_LIBSRC) compiler/*.h
	mkdir -p $(O)/fuzz
	$(FUZZ_CC) -std=c11 -D_POSIX_C_SOURCE=200809L $(FUZZ_DEFS) \
		-DVNETC_VERSION='"$(VERSION)"' -Icompiler $(PKG_CFLAGS) \
		$(FUZZ_FLAGS) -o $@ $< $(FUZZ_LIBSRC) $(PKG_LIBS)

$(O)/fuzz/cidr_fuzz: fuzz/cidr_fuzz.c compiler/cidr.c compiler/cidr.h
	mkdir -p $(O)/fuzz
	$(FUZZ_CC) -std=c11 -D_POSIX_C_SOURCE=200809L -Icompiler \
		$(FUZZ_FLAGS) -o $@ fuzz/cidr_fuzz.c compiler/cidr.c

fuzz:
	$(MAKE) deps DEB_PKGS="clang libclang-rt-14-dev"
	$(MAKE) $(O)/fuzz/spec_fuzz $(O)/fuzz/cidr_fuzz $(O)/fuzz/lua_fuzz
	O=$(O) FUZZ_SECONDS=$(FUZZ_SECONDS) fuzz/run.sh

# ---- install (issue 7): GNU-style PREFIX and DESTDIR ----
# The binary finds templates/ and lua/ in PREFIX/share/vnetc (util.c
# data_path). Man pages are mdoc, written directly: make only stamps the
# version in; groff (man-db's renderer) or mandoc reads them anywhere.
PREFIX ?= /usr/local
BINDIR = $(PREFIX)/bin
DATADIR = $(PREFIX)/share/vnetc
MANDIR = $(PREFIX)/share/man
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
DOCDIR = $(PREFIX)/share/doc/vnetc
MANPAGES = $(O)/vnetc.1 $(O)/vnetc-spec.5 $(O)/vnetc-rules.7
# What share/doc/vnetc holds, in the tree's layout so that the links
# between the files hold (README.md -> docs/spec.md); the example specs
# with them.
DOCS = README.md docs/*.md docs/vnetc.schema.json specs/*.yaml

$(O)/%.1: man/%.1 | $(O)
	sed 's/@VERSION@/$(VERSION)/g' $< >$@

$(O)/%.5: man/%.5 | $(O)
	sed 's/@VERSION@/$(VERSION)/g' $< >$@

# vnetc-rules(7) is docs/rules.md, made into a page (python3, as the tests).
$(O)/vnetc-rules.7: docs/rules.md man/rules2man.py | $(O)
	/usr/bin/python3 man/rules2man.py docs/rules.md $(VERSION) >$@.tmp
	mv $@.tmp $@

man: $(MANPAGES)

install: all man
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/templates \
		$(DESTDIR)$(DATADIR)/lua $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 \
		$(DESTDIR)$(BASHCOMPDIR)
	install -m 755 $(O)/vnetc $(DESTDIR)$(BINDIR)/vnetc
	for f in $$(find templates lua -type f | LC_ALL=C sort); do \
		install -d "$(DESTDIR)$(DATADIR)/$${f%/*}" && install -m 644 \
			"$$f" "$(DESTDIR)$(DATADIR)/$$f" || exit 1; done
	install -m 644 $(O)/vnetc.1 $(DESTDIR)$(MANDIR)/man1/vnetc.1
	install -m 644 $(O)/vnetc-spec.5 $(DESTDIR)$(MANDIR)/man5/vnetc-spec.5
	install -m 644 $(O)/vnetc-rules.7 $(DESTDIR)$(MANDIR)/man7/vnetc-rules.7
	install -m 644 completions/vnetc.bash $(DESTDIR)$(BASHCOMPDIR)/vnetc
	for f in $(DOCS); do \
		install -d "$(DESTDIR)$(DOCDIR)/$$(dirname "$$f")" && install -m 644 \
			"$$f" "$(DESTDIR)$(DOCDIR)/$$f" || exit 1; done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/vnetc $(DESTDIR)$(MANDIR)/man1/vnetc.1 \
		$(DESTDIR)$(MANDIR)/man5/vnetc-spec.5 \
		$(DESTDIR)$(MANDIR)/man7/vnetc-rules.7 \
		$(DESTDIR)$(BASHCOMPDIR)/vnetc
	rm -rf $(DESTDIR)$(DATADIR) $(DESTDIR)$(DOCDIR)

clean:
	rm -rf build out/*.sh out/*.json out/*.svg

.PHONY: all deps build-deps run out test check clean bench valgrind fuzz man install uninstall \
	unicode-table schema
