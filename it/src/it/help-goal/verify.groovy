def log = new File(basedir, 'build.log').text
assert log.contains('mlops:validate')
assert log.contains('mlops.settingsFile')
assert log.contains('Checks mlops_settings.yaml')
