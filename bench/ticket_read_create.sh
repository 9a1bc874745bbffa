#!/usr/bin/env bash
# Ticket form read, a 1,000-ticket read and single create, against plain helpdesk_mgmt
# on a second database (both with demo data), measured side by side in one process.
# A third database, helpdesk_mgmt with every module of the addon's "depends" but not
# the addon (CS_BENCH_DEPS_DB), gives extra rows showing how much of the gap to plain
# helpdesk_mgmt those dependencies make.
# Usage: bench/ticket_read_create.sh [tickets]
# CS_BENCH_ONLY=create measures only the paths whose name contains that text.
source "$(dirname "$0")/lib.sh"
OURS=${CS_BENCH_DB:-cs_bench_read}
PLAIN=${CS_BENCH_PLAIN_DB:-cs_bench_read_plain}
DEPS=${CS_BENCH_DEPS_DB:-cs_bench_read_deps}
DEPENDS=$("$VENV/bin/python" -c 'import ast, sys
print(",".join(ast.literal_eval(open(sys.argv[1]).read())["depends"]))' "$REPO_DIR/__manifest__.py")
bench_db "$OURS" customer_service --with-demo
bench_db "$PLAIN" helpdesk_mgmt --with-demo
bench_db "$DEPS" "$DEPENDS" --with-demo
bench_python "$REPO_DIR/bench/ticket_read_create.py" --ours "$OURS" --plain "$PLAIN" --deps "$DEPS" \
  --tickets "${1:-$(bench_size 1000 100000)}" --runs "$(bench_size 30 100)" --only "${CS_BENCH_ONLY:-}"
