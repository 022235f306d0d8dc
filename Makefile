# One entry point in front of CMake (STYLE.md #14).
.PHONY: all test test-all format bench demo
all:
	scripts/build release
test:
	TAXGATE_SKIP_SANITIZERS=1 scripts/test
test-all:
	scripts/test
format:
	clang-format -i $$(git ls-files '*.h' '*.cc')
bench:
	cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DTAXGATE_BUILD_TESTS=OFF -DTAXGATE_BUILD_BENCHMARKS=ON >/dev/null
	cmake --build build/bench
demo:
	scripts/demo
