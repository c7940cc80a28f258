def log = new File(basedir, 'build.log').text
def path = new File(basedir, 'mlops_settings.yaml').canonicalFile.toPath().toAbsolutePath()
assert log.contains("mlops_settings.yaml: not found at ${path}; run 'mvn mlops:setup' to create one, or set -Dmlops.settingsFile to the settings file you have")
