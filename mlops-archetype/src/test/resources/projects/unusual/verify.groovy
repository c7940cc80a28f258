// Unusual names: a model_name derived from a dotted, dashed artifactId, a deep package, a name with spaces.
def project = new File(basedir, 'project/Sonic.Model-2')
def settings = new File(project, 'mlops_settings.yaml').text
assert settings.contains('model_name: Sonic_Model_2\n')
assert settings.contains("human_friendly_model_name: 'Sonic model (v2)'\n")
assert settings.contains('model_class: org.example.wells.petrophysics.sonic.v2.deep.LinearModel\n')
assert new File(project, 'src/main/java/org/example/wells/petrophysics/sonic/v2/deep/LinearModel.java').isFile()
def log = new File(project, 'build.log').text
assert log.contains('Sonic_Model_2-prediction-dev-1, two rows of well logs: ok')
assert log.contains('Sonic_Model_2-prediction-dev-1, a request without DEN is refused: ok')
