# The two commands a newcomer needs: `make demo` and `make check`.
# Both install any missing Debian packages first (tools/install-deps.sh).

BUILD      ?= build
CHECK      ?= build-check
MESON_OPTS ?=

.PHONY: all deps build demo check fuzz valgrind clean

all: build

deps:
	@./tools/install-deps.sh

$(BUILD)/build.ninja:
	meson setup $(BUILD) $(MESON_OPTS) -Dtests=disabled

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

demo: build
	@./tools/demo.sh $(BUILD)/src/cli/cnap

$(CHECK)/build.ninja:
	meson setup $(CHECK) -Db_sanitize=address,undefined -Db_lundef=false -Dtests=enabled -Dtest_hooks=true

# Every test under ASan+UBSan, then one closing line "N passed, N failed".
check: deps $(CHECK)/build.ninja
	ninja -C $(CHECK)
	meson test -C $(CHECK) --print-errorlogs --num-processes 2 || true
	@./tools/test-summary.sh $(CHECK)/meson-logs/testlog.json

fuzz: deps
	./tools/fuzz.sh

# The main CLI paths under valgrind memcheck (plain build).
valgrind: deps
	./tools/valgrind.sh

clean:
	rm -rf $(BUILD) $(CHECK) build-fuzz out
