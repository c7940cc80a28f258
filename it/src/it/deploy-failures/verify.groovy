def log = new File(basedir, 'build.log').text
try {
    assert log.contains('model1: no artifact of model1 in prod; prod deploys only versions promoted from test; promote one: mvn mlops:promote -Dmodel=model1 -Denv=prod')
    assert log.contains('deployment to dev failed for 1 service:')
    assert log.contains('model1: the service test of model1-prediction-dev-1 failed at request 1: prediction is {"AC":[10.0]}, expected {"AC":[99]}')
    assert log.contains('nothing was deployed')
    assert !new File(basedir, 'target/home/local/deployments/model1-prediction-dev-1.bundle').exists()
    assert log.contains('model1: model1/test/1 was never deployed to test successfully on the local platform; deploy it to test first (mvn deploy -Denv=test), or pass -Dmlops.force to promote it anyway')
    assert log.contains('model1: model1-prediction-test is not deployed, so there is nothing to promote to prod; deploy it to test first (mvn deploy -Denv=test)\n')
} finally {
    def state = new File(basedir, 'target/home/local/host.properties')
    if (state.exists()) {
        def props = new Properties(); state.withInputStream { props.load(it) }
        ProcessHandle.of(props.getProperty('pid') as long).ifPresent { it.destroy() }
    }
}
