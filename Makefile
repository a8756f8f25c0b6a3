# The two commands of the README:
#   make demo   the main job: build (release) and run `synapse demo`
#   make test   the whole test suite
# Both first install what is missing from the system (scripts/ensure-deps.sh).

.PHONY: demo test deps build bench

deps:
	@scripts/ensure-deps.sh

demo: deps
	swift run -c release synapse demo

test: deps
	swift test

build: deps
	swift build -c release --product synapse

# make bench WORKLOAD=gemm — Synapse beside the Keras / PyTorch / NumPy reference, with ratios.
bench: deps
	scripts/bench.sh $(WORKLOAD)
