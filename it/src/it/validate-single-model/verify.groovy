def log = new File(basedir, 'build.log').text
assert log.contains('[INFO] model1 (My First Model): settings valid; prediction by com.example.Model1 on platform local')
assert log.contains('[INFO] model1: model_class com.example.Model1 not checked; the project is not compiled yet')
assert log.contains('BUILD SUCCESS')
