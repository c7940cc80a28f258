def log = new File(basedir, 'build.log').text
def expected = [
    "mlops_settings.yaml:1:13: model_name 'my-model' may contain only letters, digits and underscores; perhaps you meant 'my_model'",
    "mlops_settings.yaml:4:1: model_file belongs to the Python framework; mlops loads the Java class named by model_class from the project's build, so remove model_file",
    "mlops_settings.yaml:6:19: artifact_version must be a whole number of at least 1, found 'zero'; remove it to deploy the latest version",
]
// The failure message holds the three problems in file order, and nothing else.
def failure = log.readLines()
        .dropWhile { !it.contains('Failed to execute goal dev.mlops:mlops-maven-plugin') }
        .collect { it.replaceFirst(/^\[ERROR\] /, '') }
assert failure, 'the build did not fail in mlops:validate'
assert failure[0].endsWith(': ' + expected[0]), failure[0]
assert failure[1] == expected[1]
assert failure[2] == expected[2]
assert failure[3] == '-> [Help 1]'
assert !log.readLines().any { it ==~ /\s+at [\w.$]+[(].*/ || it.startsWith('Caused by') }, 'a settings mistake must not show a stack trace'
