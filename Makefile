# mektep: one non-recursive GNU Makefile.
#   make            build/mektep (optimised)
#   make run        install what is missing, build, demo.db, serve :8080
#   make check      install what is missing, ASan+UBSan build, every test
#   make bench      benchmarks (figures, never assertions)

CC       ?= cc
BUILD    ?= build
PKGS     := libmicrohttpd sqlite3 libsodium jansson libpq
WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wvla -Wformat=2 -Wno-format-nonliteral
CFLAGS   ?= -O2 -g
ALL_CFLAGS = -std=c11 $(WARN) $(CFLAGS) $(EXTRA_CFLAGS) -Isrc -I$(BUILD)/gen \
             $(shell pkg-config --cflags $(PKGS) 2>/dev/null) -pthread
LDLIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -pthread -lm

ifeq ($(DEVELOPER),1)
ALL_CFLAGS += -Werror
endif

# the sanitizer build lives beside the optimised one
ifneq ($(SANITIZE),)
OUT      := $(BUILD)/san
CFLAGS   := -O1 -g -fno-omit-frame-pointer
ALL_CFLAGS += -fsanitize=$(SANITIZE) -fno-sanitize-recover=all
LDFLAGS  += -fsanitize=$(SANITIZE)
else
OUT      := $(BUILD)
endif

SRC      := $(sort $(shell find src -name '*.c'))
LIB_SRC  := $(filter-out src/cli/main.c,$(SRC))
GEN      := $(BUILD)/gen/migrations.c $(BUILD)/gen/web.c
OBJ_DIR  := $(OUT)/obj
LIB_OBJ  := $(patsubst %.c,$(OBJ_DIR)/%.o,$(LIB_SRC) $(GEN))
MIGRATIONS := $(sort $(wildcard migrations/*.sql))
WEB_FILES := $(sort $(shell find web -type f))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(patsubst tests/unit/%.c,$(OUT)/tests/%,$(UNIT_SRC))

DB       ?= demo.db
LISTEN   ?= 127.0.0.1:8080

.PHONY: all run check check-cluster unit-run api-run api-pg-run api-both-run cluster-run load-run web-run deps deps-check bench bench-national clean \
	fuzz fuzz-run fuzz-bins
.DEFAULT_GOAL := all

all: $(OUT)/mektep

$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(@D)
	$(CC) -O1 -o $@ $<

$(BUILD)/gen/migrations.c: $(BUILD)/tools/embed $(MIGRATIONS)
	@mkdir -p $(@D)
	$(BUILD)/tools/embed mk_migrations migrations/ $(MIGRATIONS) > $@.tmp
	mv $@.tmp $@

# web/ in the binary, with gzip and brotli copies (docs/WEB.md)
$(BUILD)/tools/embed_web: tools/embed_web.c
	@mkdir -p $(@D)
	$(CC) -O1 -o $@ $< -lz -lbrotlienc

$(BUILD)/gen/web.c: $(BUILD)/tools/embed_web $(WEB_FILES)
	@mkdir -p $(@D)
	$(BUILD)/tools/embed_web web/ $(WEB_FILES) > $@.tmp
	mv $@.tmp $@

$(OBJ_DIR)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(OUT)/libmektep.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(OUT)/mektep: $(OBJ_DIR)/src/cli/main.o $(OUT)/libmektep.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# every test rebuilt when a shared test header changes (db_cases.h, ...)
$(OUT)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(OUT)/libmektep.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/unit $(LDFLAGS) -o $@ $< \
		$(OUT)/libmektep.a $(LDLIBS)

deps:
	@sh scripts/deps.sh build

deps-check:
	@sh scripts/deps.sh check

$(DB): | $(OUT)/mektep
	$(OUT)/mektep demo --db $(DB)

run: deps
	$(MAKE) all
	@test -f $(DB) || $(BUILD)/mektep demo --db $(DB)
	@$(BUILD)/mektep demo-logins
	$(BUILD)/mektep serve --db $(DB) --listen $(LISTEN)

# Every test under AddressSanitizer and UndefinedBehaviorSanitizer.
# PostgreSQL tests use one throwaway server (scripts/with-pg.sh).
check: deps-check
	@scripts/with-pg.sh $(MAKE) BUILD=$(BUILD) DEVELOPER=1 \
		SANITIZE=address,undefined unit-run api-both-run \
		cluster-run load-run web-run
	@$(MAKE) --no-print-directory BUILD=$(BUILD) FUZZ_SECONDS=5 fuzz-run

# primary + standby, two servers, nginx (scripts/pg-cluster.sh)
check-cluster: deps-check
	$(MAKE) BUILD=$(BUILD) DEVELOPER=1 SANITIZE=address,undefined \
		cluster-run

unit-run: $(UNIT_BIN)
	@scripts/with-pg.sh scripts/run-unit.sh $(UNIT_BIN)

api-run: $(OUT)/mektep
	@python3 tests/api/run.py --bin $(OUT)/mektep

# the same API suite on PostgreSQL (MEKTEP_TEST_PG, else its own server)
api-pg-run: $(OUT)/mektep
	@python3 tests/api/run.py --bin $(OUT)/mektep --store pg

# both at once: each suite is one sequential client, the machine has two
# cores; the PostgreSQL suite's output follows the SQLite one's
api-both-run: $(OUT)/mektep
	@python3 tests/api/run.py --bin $(OUT)/mektep --store pg \
		> $(OUT)/api-pg.log 2>&1 & pg=$$!; \
	python3 tests/api/run.py --bin $(OUT)/mektep; s=$$?; \
	wait $$pg; p=$$?; cat $(OUT)/api-pg.log; \
	[ $$s -eq 0 ] && [ $$p -eq 0 ]

cluster-run: $(OUT)/mektep
	@scripts/pg-cluster.sh $(OUT)/mektep

load-run: $(OUT)/mektep
	@sh scripts/load-check.sh $(OUT)/mektep

# browser tests: Debian's chromium driven by playwright-core (tests/web/)
web-run: $(OUT)/mektep
	@cd tests/web && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --silent \
		--no-audit --no-fund
	@node tests/web/run.mjs --bin $(OUT)/mektep --out $(BUILD)/web-artifacts

# libFuzzer drivers (tests/fuzz), built with clang beside the other trees.
# `make fuzz` runs each for FUZZ_SECONDS (60); make check runs each for 5.
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_SECONDS ?= 60

fuzz: deps-check
	@$(MAKE) --no-print-directory BUILD=$(BUILD) fuzz-run

fuzz-run:
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/fuzz CC=clang \
		SANITIZE=address,undefined \
		EXTRA_CFLAGS=-fsanitize=fuzzer-no-link fuzz-bins
	@sh scripts/fuzz.sh $(FUZZ_SECONDS) $(BUILD)/fuzz/san/fuzz \
		$(patsubst tests/fuzz/%.c,%,$(FUZZ_SRC))

fuzz-bins: $(patsubst tests/fuzz/%.c,$(OUT)/fuzz/%,$(FUZZ_SRC))

$(OUT)/fuzz/%: tests/fuzz/%.c $(OUT)/libmektep.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer $(LDFLAGS) -o $@ $< \
		$(OUT)/libmektep.a $(LDLIBS)

bench:
	@sh scripts/deps.sh bench
	$(MAKE) all
	@bench/run.sh

# the replayed school day on a whole country (BENCH_SCALE=1; hours of
# generating and ~65 GB: docs/BENCHMARKS.md); `make bench` runs a slice
bench-national:
	@sh scripts/deps.sh bench
	$(MAKE) all
	@BENCH_SCALE=$${BENCH_SCALE:-1} bench/day.sh

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
