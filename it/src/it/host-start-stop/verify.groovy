def log = new File(basedir, 'build.log').text
def started = (log =~ /function host started on (http:\/\/127\.0\.0\.1:\d+) \(pid (\d+)/)
assert started.find(), 'the host did not start'
def pid = started.group(2) as long
assert log.contains("function host stopped (pid ${pid}, ${started.group(1)})")
assert !ProcessHandle.of(pid).map { it.isAlive() }.orElse(false), 'the host still runs'
assert log.contains('no function host started by mlops:start is running here'), 'a second stop is not an error'
assert !new File(basedir, 'target/mlops-host.properties').exists()
