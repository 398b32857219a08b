# Sourced by the script tests after setting `suite` (e.g. suite=install): `check NAME COMMAND...` runs COMMAND and
# counts it as passed or failed, printing "SUITE: ok   NAME" or "SUITE: FAIL NAME"; `summary` prints the line
# .ci/run adds up, "SUITE: P passed, F failed", and returns 0 only when nothing failed.
passed=0; failed=0
check() {
    local name=$1; shift
    if "$@"; then passed=$((passed + 1)); echo "$suite: ok   $name"
    else failed=$((failed + 1)); echo "$suite: FAIL $name"; fi
}
summary() { echo "$suite: $passed passed, $failed failed"; [ "$failed" -eq 0 ]; }
