.PHONY: setup run test lint
setup:
	@.ci/system-deps && .ci/setup >/dev/null
run:
	@.ci/serve
test:
	@.ci/test
lint:
	@.ci/lint
