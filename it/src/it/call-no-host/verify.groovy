def log = new File(basedir, 'build.log').text
assert log =~ /\[ERROR\] Failed to execute goal dev\.mlops:mlops-maven-plugin:[^:]+:call \(default-cli\) on project call-no-host: no function host runs for the local platform in \/.*\/call-no-host\/target\/home\/local; mvn mlops:deploy deploys a model and starts the host, which keeps running/
assert !new File(basedir, 'target/home/local/host.properties').exists()
assert log.contains("'model1-prediction-test#x' is not a function id: an id is <model>-<service>-<env>-<version> (like model1-prediction-test-3) or, for the alias of the latest, <model>-<service>-<env> (like model1-prediction-test) (-Dfunction)")
assert log.contains('the request data in -Ddata is not JSON: ')
assert log.contains('nothing serves on the local platform; mvn mlops:deploy starts it')
assert !log.contains('Execution default-cli')
assert log.contains("'../model1-prediction-test-1?x' is not a function id: an id is <model>-<service>-<env>-<version>")
assert log =~ /dataset '\.\.\/up' .*\(-Dmlops\.dataset, or the model's dataset in mlops_settings\.yaml\)/
assert log.contains('there is no file missing.json to read the request data from (-Ddata=@<file>)')
