def log = new File(basedir, 'build.log').text
assert log.contains('[INFO] model1 (My First Model): settings valid; prediction and training by com.example.Model1 on platform local')
assert log.contains('[INFO] model2 (My Second Model): settings valid; prediction by com.example.Model2 on platform local')
assert log.contains('[WARNING] mlops_settings.yaml:6:12: test_file is null, so deployments of model \'model1\' skip the service test')
assert log.contains('[WARNING] mlops_settings.yaml:22:12: test_file is null, so deployments of model \'model2\' skip the service test')
assert log.contains('BUILD SUCCESS')
