def log = new File(basedir, 'build.log').text
def path = new File(basedir, 'mlops_settings.yaml').canonicalFile.toPath().toAbsolutePath()
assert log.contains("mlops_settings.yaml: not found at ${path}; create one, or name the settings file you have (mvn mlops:setup writes one; -Dmlops.settingsFile names another)")
