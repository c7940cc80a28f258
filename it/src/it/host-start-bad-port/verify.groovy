def log = new File(basedir, 'build.log').text
assert log.contains('the function host exited with code 1 before it was ready; its log ')
assert log.contains('mlops function host: cannot listen on 203.0.113.7:0 (')
assert log.contains('); choose another port, or 0 for a free one')
