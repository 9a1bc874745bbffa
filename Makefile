.PHONY: setup run test lint bench
setup:
	@.ci/system-deps && .ci/setup >/dev/null
run:
	@.ci/serve
test:
	@.ci/test
lint:
	@.ci/lint
bench:
	@bench/run_all.sh
