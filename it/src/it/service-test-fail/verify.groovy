def log = new File(basedir, 'build.log').text
assert log.contains('service test failed (reports in ' + new File(basedir, 'target/mlops-service-test').canonicalPath + '):')
assert log.contains('model1-prediction-dev-1, request 1: prediction is {"AC":[10.0]}, expected {"AC":[99]}')
assert log.contains('request:  {"data":{"ACS":[1.0],"RDEP":[1.0],"DEN":[1.0]}}')
assert log.contains('expected: {"prediction":{"AC":[99]}}')
assert log.contains('answer:   HTTP 200 {"status":"ok","prediction":{"AC":[10.0]},"model_id":"model1/dev/1"}')
assert new File(basedir, 'target/mlops-service-test/TEST-model1-prediction-dev-1.xml').text.contains('failures="1"')
