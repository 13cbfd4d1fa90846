# resmap — plain Makefile over pkg-config.
#
#   make            build build/resmap
#   make demo       build, then check and draw the shipped example
#   make test       everything, under AddressSanitizer and UBSan
#   make bench      the benchmark against the libyaml floor
#   make install    PREFIX=/usr/local DESTDIR=
#
# `make demo` and `make test` install missing Debian packages first
# (tools/deps.sh: apt-get as root, else it prints the command).

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
# where bash-completion, zsh and fish look for completions (Debian's paths)
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/vendor-completions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d
BUILD ?= build

CC ?= cc
PKGS := yaml-0.1 yajl libcgraph libgvc
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lyaml -lyajl -lgvc -lcgraph -lcdt)
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wno-format-nonliteral -Wpointer-arith -Wvla -Wundef
OPT ?= -O2 -g
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
ifeq ($(SAN),1)
OPT := -O1 -g
EXTRA_CFLAGS += $(SAN_FLAGS)
EXTRA_LDFLAGS += $(SAN_FLAGS)
endif
ifeq ($(FUZZ),1)
CC := clang
OPT := -O1 -g
EXTRA_CFLAGS += -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
EXTRA_LDFLAGS += -fsanitize=address,undefined
endif
ifeq ($(WERROR),1)
WARN += -Werror
endif
CFLAGS_ALL := -std=c11 -pthread -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(OPT) $(WARN) \
	-Isrc -I$(BUILD) $(PKG_CFLAGS) $(EXTRA_CFLAGS) $(CFLAGS) -MMD -MP
LDFLAGS_ALL := -pthread $(EXTRA_LDFLAGS) $(LDFLAGS)

LIB_SRC := $(filter-out src/cmd/main.c,$(wildcard src/*/*.c))
LIB_OBJ := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(LIB_SRC)) $(BUILD)/obj/catalog_data.o \
	$(BUILD)/obj/init_data.o $(BUILD)/obj/world_data.o
CATALOG := $(sort $(wildcard data/*.yaml))
INIT_FILES := $(sort $(wildcard data/init/*))
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
FUZZ_NAMES := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_REPLAY := $(patsubst %,$(BUILD)/fuzz/replay_%,$(FUZZ_NAMES))
FUZZ_SECONDS ?= 60
UNIT_SUPPORT := $(filter-out $(UNIT_SRC),$(wildcard tests/unit/*.c))

.PHONY: all deb deps demo test test-build check-unit check-e2e check-suite check-man check-catalog check-cycles check-scale \
	bench fuzz valgrind install uninstall clean

all: $(BUILD)/resmap

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(BUILD)/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O1 -Wall -Wextra -o $@ $<

# The built-in catalog: data/*.yaml compiled into the binary.
$(BUILD)/catalog_data.c: $(BUILD)/embed $(CATALOG)
	$(BUILD)/embed $(CATALOG) > $@.tmp && mv $@.tmp $@

# The templates of `resmap init`: data/init/* (doc/ci.md shows them).
$(BUILD)/init_data.c: $(BUILD)/embed $(INIT_FILES)
	$(BUILD)/embed --symbol init_files --prefix init: $(INIT_FILES) > $@.tmp && mv $@.tmp $@

# The world view's country shapes (tools/gen-world.js wrote data/world.tsv).
$(BUILD)/world_data.c: $(BUILD)/embed data/world.tsv
	$(BUILD)/embed --blob world_tsv data/world.tsv > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/%_data.o: $(BUILD)/%_data.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Wno-missing-prototypes -c -o $@ $<


$(BUILD)/libresmap.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/resmap: $(BUILD)/obj/cmd/main.o $(BUILD)/libresmap.a
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(PKG_LIBS) -lm

$(BUILD)/tests/%: tests/unit/%.c $(UNIT_SUPPORT) $(BUILD)/libresmap.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Itests/unit -o $@ $< $(UNIT_SUPPORT) $(BUILD)/libresmap.a \
		$(LDFLAGS_ALL) $(PKG_LIBS) $(CMOCKA_LIBS) -lm

deps:
	@sh tools/deps.sh build

demo: deps
	@$(MAKE) --no-print-directory all
	sh tools/demo.sh $(BUILD)/resmap

# Everything, under ASan and UBSan, in build/san so that plain builds stay fast.
test: deps
	@sh tools/deps.sh test
	@$(MAKE) --no-print-directory BUILD=build/san SAN=1 test-build
	@$(MAKE) --no-print-directory BUILD=build/san SAN=1 check-unit check-e2e check-suite check-fuzz-corpus check-patho check-cycles
	@$(MAKE) --no-print-directory check-man check-catalog check-scale
	@echo "make test: all passed"

test-build: $(BUILD)/resmap $(UNIT_BIN) $(FUZZ_REPLAY)

export ASAN_OPTIONS := detect_leaks=1:abort_on_error=0:halt_on_error=1
export UBSAN_OPTIONS := print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS := suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0

check-unit: $(UNIT_BIN)
	@sh tools/run-unit.sh $(UNIT_BIN)

check-e2e: $(BUILD)/resmap $(BUILD)/gen-inventory
	@sh tests/e2e/run.sh $(BUILD)/resmap
	@sh tests/browser/report-test.sh $(BUILD)/resmap
	@sh tests/ci/run.sh $(BUILD)/resmap
	@sh tests/completion/run.sh $(BUILD)/resmap
	@sh tests/schema/run.sh $(BUILD)/resmap
	@sh tests/deb/install-test.sh $(BUILD)

check-suite: $(BUILD)/resmap
	@sh tests/yaml-suite.sh $(BUILD)/resmap
	@sh tests/ingest-corpus.sh $(BUILD)/resmap

check-man: $(BUILD)/resmap
	@sh tools/check-man.sh $(BUILD)/resmap

# The built-in catalog is what tools/refresh-catalog and tools/gen-catalog.sh
# make of the pinned sources in data/sources and the tables in
# data/reference (doc/catalog.md), and the refresh tool refuses broken ones.
check-catalog:
	@sh tests/catalog/refresh-test.sh

# No circle of includes or calls between the files of src/ (doc/architecture.md).
check-cycles: $(BUILD)/resmap
	@sh tools/check-cycles.sh $(BUILD)

# Fuzz targets: tests/fuzz/fuzz_NAME.c. `make test` replays their corpora
# (seeds and every past finding) through tests/fuzz/replay.c under the
# sanitizers; `make fuzz` runs libFuzzer on each for FUZZ_SECONDS.

$(BUILD)/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(BUILD)/libresmap.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -o $@ $< tests/fuzz/replay.c $(BUILD)/libresmap.a \
		$(LDFLAGS_ALL) $(PKG_LIBS) -lm

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(BUILD)/libresmap.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -fsanitize=fuzzer -o $@ $< $(BUILD)/libresmap.a \
		$(LDFLAGS_ALL) -fsanitize=fuzzer $(PKG_LIBS) -lm

check-fuzz-corpus: $(FUZZ_REPLAY)
	@for t in $(FUZZ_NAMES); do \
		$(BUILD)/fuzz/replay_$$t tests/fuzz/corpus-$$t/* || exit 1; done

fuzz: deps
	@sh tools/deps.sh test
	@$(MAKE) --no-print-directory BUILD=build/fuzz FUZZ=1 \
		$(patsubst %,build/fuzz/fuzz/fuzz_%,$(FUZZ_NAMES))
	@sh tools/fuzz.sh build/fuzz $(FUZZ_SECONDS) $(FUZZ_NAMES)

# Pathological inputs (tests/pathological.sh): each must end in a clear
# error or a correct result within bounded time and memory.
# Every view of a generated 10k-service inventory within 80 edges, the same
# output twice: about 10 s of CPU on the plain build (three times that under
# the sanitizers, hence run outside them by make test).
check-scale: $(BUILD)/resmap $(BUILD)/gen-inventory
	@sh tests/scale-edges.sh $(BUILD)

check-patho: $(BUILD)/resmap $(BUILD)/measure $(BUILD)/gen-inventory
	@sh tests/pathological.sh $(BUILD)

# memcheck over the end-to-end tests, with the plain (unsanitized) build.
valgrind: all
	@sh tools/valgrind.sh $(BUILD)/resmap

# The benchmark (issue 8): not part of `make test`. See BENCHMARKS.md.
YAML_LIBS := $(shell pkg-config --libs yaml-0.1 2>/dev/null || echo -lyaml)
BENCH_TOOLS := $(BUILD)/gen-inventory $(BUILD)/yaml-floor $(BUILD)/measure $(BUILD)/gen-plan \
	$(BUILD)/json-floor

bench: all $(BENCH_TOOLS)
	@sh tools/bench.sh $(BUILD)

$(BUILD)/gen-inventory $(BUILD)/measure: $(BUILD)/%: tools/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -o $@ $< $(LDFLAGS_ALL)

$(BUILD)/gen-plan: tools/gen-plan.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -o $@ $< $(LDFLAGS_ALL)

$(BUILD)/json-floor: tools/json-floor.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -o $@ $< $(LDFLAGS_ALL) $(shell pkg-config --libs yajl 2>/dev/null || echo -lyajl)

$(BUILD)/yaml-floor: tools/yaml-floor.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -o $@ $< $(LDFLAGS_ALL) $(YAML_LIBS)

# A Debian package of the binary, man pages and completions (tools/mkdeb.sh).
deb: all
	@sh tools/mkdeb.sh $(BUILD)

install: $(BUILD)/resmap
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	install -m 755 $(BUILD)/resmap $(DESTDIR)$(BINDIR)/resmap
	install -m 644 man/resmap.1 $(DESTDIR)$(MANDIR)/man1/resmap.1
	install -m 644 man/resmap-inventory.5 $(DESTDIR)$(MANDIR)/man5/resmap-inventory.5
	install -d $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR)
	$(BUILD)/resmap completion bash >$(DESTDIR)$(BASHCOMPDIR)/resmap
	$(BUILD)/resmap completion zsh >$(DESTDIR)$(ZSHCOMPDIR)/_resmap
	$(BUILD)/resmap completion fish >$(DESTDIR)$(FISHCOMPDIR)/resmap.fish

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/resmap $(DESTDIR)$(MANDIR)/man1/resmap.1 \
		$(DESTDIR)$(MANDIR)/man5/resmap-inventory.5 \
		$(DESTDIR)$(BASHCOMPDIR)/resmap $(DESTDIR)$(ZSHCOMPDIR)/_resmap \
		$(DESTDIR)$(FISHCOMPDIR)/resmap.fish

clean:
	rm -rf build

-include $(wildcard $(BUILD)/obj/*.d $(BUILD)/obj/*/*.d $(BUILD)/tests/*.d)
