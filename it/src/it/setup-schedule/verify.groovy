def steps = new File(basedir, 'build.log').text.split(/(?=\[INFO\] Scanning for projects\.\.\.)/)
        .findAll { it.contains('Scanning for projects') }
def step = { int n -> steps[n - 1] }
assert steps.size() == 4
// 1. written with the settings' schedule
assert step(1).contains("wrote .github/workflows/main.yml (local mode: a self-hosted runner keeping MLOPS_HOME; training on '0 3 * * 1')")
// 2. the schedule changed: the trigger moved, and nothing else
assert step(2).contains(".github/workflows/main.yml: set its schedule trigger to '30 4 * * *'; the rest of it is as you left it")
// 3. a schedule no model has
assert step(3).contains("no model of settings-b.yaml trains on the schedule '0 9 * * *'; the schedules are nightly '30 4 * * *'")
// 4. no schedule left: the trigger removed, the (idle) train job kept
assert step(4).contains(".github/workflows/main.yml: removed its schedule trigger (no model has info.training.schedule)")
def workflow = new File(basedir, '.github/workflows/main.yml').text
assert !workflow.contains('  schedule:\n') && !workflow.contains("- cron:")
assert workflow.contains('mlops:train -Dmlops.schedule="$SCHEDULE"')
true
