# phone_policy — the two commands of the README.
.PHONY: run test static i18n

run:  ## serve the demo database phone_policy_demo at http://127.0.0.1:8069
	@bash tools/tasks.sh run

test:  ## throwaway database, install, all tests, static checks
	@bash tools/tasks.sh test

static:  ## static checks only
	@bash tools/tasks.sh static

i18n:  ## regenerate the .pot and merge zh_TW/zh_CN (I18N_APPLY=translations.json)
	@bash tools/tasks.sh i18n

.PHONY: bench-cdr bench-cdr-phases bench-cdr-table bench-calls
bench-cdr:  ## PBX record import benchmark (100k rows): ours vs COPY into phone_call vs bare COPY vs load(), memory (BENCH_ARGS=--profile)
	@bash bench/run.sh cdr_import.py $${BENCH_ARGS:-}

bench-cdr-phases:  ## PBX import step by step: where PostgreSQL works and where it waits for Python (100k rows)
	@bash bench/run.sh cdr_phases.py $${BENCH_ARGS:-}

bench-cdr-table:  ## what each index and foreign key of phone_call costs a PBX import (100k rows)
	@bash bench/run.sh cdr_table_costs.py $${BENCH_ARGS:-}

bench-calls:  ## benchmark: the call lists and their filters as a User and an Officer over 1M calls (CALLS=n, RUNS=n)
	@python3 bench/call_list_bench.py --calls $${CALLS:-1000000} --runs $${RUNS:-5}

.PHONY: bench-archive
bench-archive:  ## benchmark: archive and verify 100k calls on a throwaway database (CALLS=n)
	@python3 bench/archive_verify.py --calls $${CALLS:-100000}

.PHONY: screenshots
screenshots:  ## README screenshots (readme/screenshots/*.png) from a throwaway demo database
	@python3 tools/screenshots.py

.PHONY: bench-compliance
bench-compliance:  ## benchmark: monthly compliance figures over 1M calls on a throwaway database (CALLS=n, RUNS=n)
	@python3 bench/compliance_bench.py --calls $${CALLS:-1000000} --runs $${RUNS:-5}

.PHONY: bench-live
bench-live:  ## benchmark: live call events with --workers=4 for 60 s, screen-pop latency in Chromium (RATE=n, DURATION=n)
	@python3 bench/live_bench.py --rate $${RATE:-240} --seconds $${DURATION:-60}

.PHONY: bench-provisioning
bench-provisioning:  ## benchmark: freeze -> refused REGISTER (20x), issue+provision 1,000 accounts, queue drain after a 5-minute PBX outage (ACCOUNTS, FREEZES, CHANGES, OUTAGE=s)
	@bash bench/run.sh provisioning_bench.py --accounts $${ACCOUNTS:-1000} --freezes $${FREEZES:-20} --changes $${CHANGES:-200} --outage $${OUTAGE:-300}
