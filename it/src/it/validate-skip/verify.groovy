def log = new File(basedir, 'build.log').text
assert log.contains('mlops:validate skipped (mlops.skip)')
assert log.contains('BUILD SUCCESS')
