# Pier: the two commands a new user needs are `make run` and `make test`.
BUILD_DIR      ?= build
BUILD_TYPE     ?= RelWithDebInfo
PIER_WERROR    ?= OFF
PIER_BUILD_APP ?= ON
PIER_SANITIZE  ?=
CTEST_JOBS     ?= 2
CTEST_ARGS     ?=

CMAKE_FLAGS = -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DPIER_WERROR=$(PIER_WERROR) \
              -DPIER_BUILD_APP=$(PIER_BUILD_APP) -DPIER_SANITIZE=$(PIER_SANITIZE)

.PHONY: all deps configure build run test bench format clean

all: build

deps:
	@scripts/install-deps.sh

configure: deps
	@mkdir -p $(BUILD_DIR)
	@cmake -S . -B $(BUILD_DIR) $(CMAKE_FLAGS) > $(BUILD_DIR)/configure.log 2>&1 \
	  || { cat $(BUILD_DIR)/configure.log; exit 1; }

build: configure
	@cmake --build $(BUILD_DIR)

run: build
	@scripts/run-pier.sh $(BUILD_DIR)

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(CTEST_JOBS) $(CTEST_ARGS)

bench: build
	@cmake --build $(BUILD_DIR) --target run-bench

format:
	@git ls-files '*.h' '*.cpp' | grep -v '/generated/' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR)
