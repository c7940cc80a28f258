def log = new File(basedir, 'build.log').text
assert log.contains('mlops:validate skipped (mlops.skip)')
assert log.contains('mlops:validate skipped (mlops.validate.skip)')
// a goal's own skip comes before anything it would check: no function is named here
assert log.contains('mlops:call skipped (mlops.call.skip)')
assert log.count('BUILD SUCCESS') == 3
