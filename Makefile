# vnetc - see README.md. GNU make.
.SUFFIXES:

VERSION = 0.1.0
O ?= build
LUA_PC ?= lua5.4
PKGS = yaml-0.1 jansson libcurl $(LUA_PC)
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Wpedantic \
	-Wshadow -Wmissing-prototypes -Wstrict-prototypes -Wwrite-strings \
	-DVNETC_VERSION='"$(VERSION)"' -Icompiler $(CFLAGS) $(PKG_CFLAGS)
CFLAGS ?= -O2 -g

# Debian packages the build and the tests need (make deps installs them).
DEB_PKGS = gcc make pkg-config libyaml-dev libjansson-dev liblua5.4-dev \
	libcurl4-openssl-dev shellcheck python3 python3-jsonschema

LIBOBJ = $(O)/util.o $(O)/diag.o $(O)/cidr.o $(O)/privatelink.o \
	$(O)/restypes.o $(O)/spec.o $(O)/plan.o $(O)/body.o \
	$(O)/emit_az.o $(O)/emit_arm.o
OBJ = $(LIBOBJ) $(O)/main.o
UNIT = $(O)/cidr_test $(O)/privatelink_test $(O)/core_test

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

# Build the default spec into out/.
run: deps
	$(MAKE) all
	$(O)/vnetc build specs/isolated-backend.yaml -o out

# Every spec in specs/ into out/.
out: all
	for f in specs/*.yaml; do $(O)/vnetc build "$$f" -o out || exit 1; done

test: deps
	$(MAKE) all $(UNIT)
	O=$(O) tests/run

# The same suite built with AddressSanitizer and UBSan.
check: deps
	$(MAKE) O=build/san CFLAGS='-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer' \
		LDFLAGS='-fsanitize=address,undefined' all build/san/cidr_test \
		build/san/privatelink_test build/san/core_test
	O=build/san tests/run

clean:
	rm -rf build out/*.sh out/*.json

.PHONY: all deps run out test check clean
