import java.util.zip.ZipFile

// Two models of one settings file, sharing the features module, through dev, upload, promotion, test and a call.
def log = new File(basedir, 'build.log').text
def home = new File(basedir, 'target/home')
try {
    for (model in ['sonic', 'density']) {
        assert log.contains("${model}: deployed ${model}-prediction-dev-1; ${model}-prediction-dev points to it")
        assert log.contains("promoted ${model}/dev/1 to ${model}/test/1")
        assert log.contains("${model}: artifact ${model}/test/1 (sha256 ")
        assert log.contains("${model}-prediction-test-1, two rows: ok")
        assert log.contains("${model}: deployed ${model}-prediction-test-1; ${model}-prediction-test points to it")
        assert log =~ /${model}-prediction-test +${model}\/test\/1 +ready +${model}-prediction-test-1/
        // Each bundle carries the models module and the helper module it shares with the other model.
        def bundle = new File(home, "local/deployments/${model}-prediction-test-1.bundle")
        def names = new ZipFile(bundle).withCloseable { zip -> zip.entries().collect { it.name } }
        assert names.contains('lib/000-models-1.0.jar')
        assert names.contains('lib/001-features-1.0.jar')
    }
    assert log.contains('density-prediction-test-1, a missing input is refused: ok')
    assert log.contains('{"status":"ok","prediction":{"AC":[340.2]},"model_id":"sonic/test/1"}')
    assert log.contains('{"status":"ok","prediction":{"DEN":[3.0]},"model_id":"density/test/1"}')
    // mlops:call and mlops:functions, run from the root of the two-module build, run once, not once per module.
    assert log.count('sonic-prediction-test answered HTTP 200:') == 1
    assert log.count('density-prediction-test answered HTTP 200:') == 1
    assert (log =~ /(?m)sonic-prediction-test-1 +sonic\/test\/1 +ready/).size() == 1
    assert log =~ /function host stopped \(pid \d+/
} finally {
    def state = new File(home, 'local/host.properties')
    if (state.exists()) {
        def props = new Properties(); state.withInputStream { props.load(it) }
        ProcessHandle.of(props.getProperty('pid') as long).ifPresent { it.destroy() }
    }
}
