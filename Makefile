# The two commands of the README, plus the dev loop. Scripts live in scripts/.
.PHONY: run test watch bench fuzz live-demo

run:
	bash scripts/run.sh

test:
	bash scripts/test.sh

watch:
	. scripts/env.sh && scripts/ensure-tools.sh build && cargo leptos watch --project pavilion

bench:
	bash scripts/bench.sh

fuzz:
	bash scripts/fuzz.sh

live-demo:
	bash scripts/live-demo.sh
