def log = new File(basedir, 'build.log').text
assert log.contains("config/models.yaml:11:14: model_class 'com.example.Modle2' is not among the project's compiled classes; check the package and the class name")
assert !log.contains("model_class 'com.example.Model1'"), 'the existing class passes'
