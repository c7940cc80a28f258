// The README's main job, as quickstart.sh runs it: each step's mark in the log, and the prediction it prints.
def log = new File(basedir, 'build.log').text
def project = new File(basedir, 'scratch/my-model')
def home = new File(basedir, 'scratch/mlops-home')
try {
    assert new File(project, 'pom.xml').isFile()
    assert new File(project, 'mlops_settings.yaml').isFile()
    assert new File(project, '.github/workflows/main.yml').isFile()
    assert log.contains('settings valid')
    assert log =~ /Tests run: \d+, Failures: 0, Errors: 0/
    assert log.contains('my_model: service test of my_model-prediction-dev-1 passed')
    assert log.contains('my_model: deployed my_model-prediction-dev-1; my_model-prediction-dev points to it')
    assert log.contains('my_model-prediction-dev answered HTTP 200:')
    assert log.contains('{"status":"ok","prediction":{"AC":[87.1,105.71]},"model_id":"my_model/dev/1"}')
    assert log =~ /function host stopped \(pid \d+/
    assert !new File(home, 'local/host.properties').exists()
    assert new File(home, 'local/deployments/my_model-prediction-dev-1.bundle').isFile()
} finally {
    def state = new File(home, 'local/host.properties')
    if (state.exists()) {
        def props = new Properties(); state.withInputStream { props.load(it) }
        ProcessHandle.of(props.getProperty('pid') as long).ifPresent { it.destroy() }
    }
}
