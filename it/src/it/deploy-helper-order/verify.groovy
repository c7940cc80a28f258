def log = new File(basedir, 'build.log').text
def state = new File(basedir, 'target/home/local/host.properties')
try {
    def helperDeployed = log.indexOf('features: deployed features-prediction-dev-1; features-prediction-dev points to it')
    def helperChecked = log.indexOf('model1: helper features is deployed as features-prediction-dev-1')
    def userDeployed = log.indexOf('model1: deployed model1-prediction-dev-1; model1-prediction-dev points to it')
    assert helperDeployed >= 0 && helperChecked > helperDeployed && userDeployed > helperChecked
    assert log.contains('BUILD SUCCESS')
} finally {
    if (state.exists()) {
        def props = new Properties(); state.withInputStream { props.load(it) }
        ProcessHandle.of(props.getProperty('pid') as long).ifPresent { it.destroy() }
    }
}
