def log = new File(basedir, 'build.log').text
assert log =~ /model1-prediction-dev-1, two rows: ok \([0-9.]+ ms\)/
assert log =~ /model1-prediction-dev-1, a missing input is refused: ok/
def report = new File(basedir, 'target/mlops-service-test/TEST-model1-prediction-dev-1.xml').text
assert report.contains('tests="2" failures="0"')
assert !new File(basedir, 'target/mlops/service-test/host/host.properties').exists(), 'the host was stopped'
