def log = new File(basedir, 'build.log').text
try {
    assert log.contains('model1: service test of model1-prediction-dev-1 passed (2 requests)')
    assert log.contains('model1: deployed model1-prediction-dev-1; model1-prediction-dev points to it')
    assert log =~ /model1: artifact model1\/test\/1 \(sha256 [0-9a-f]{64}\)/
    assert log.contains('model1-prediction-test-1, two rows: ok')
    assert log.contains('model1: service test of model1-prediction-test-1 passed earlier in this build; not run again')
    assert !log.contains('service test of model1-prediction-test-1 passed (')
    assert log.contains('model1: deployed model1-prediction-test-1; model1-prediction-test points to it')
    assert log.contains('model1: deployed model1-prediction-test-2; model1-prediction-test points to it (was model1-prediction-test-1)')
    assert log.contains('model1-prediction-test answered HTTP 200:')
    assert log.contains('{"status":"ok","prediction":{"AC":[10.0]},"model_id":"model1/test/2"}')
    assert log.contains('promoted model1/test/2 to model1/prod/1')
    assert log.contains('model1: model1/prod/1 already holds model1/test/2')
    assert log.contains('model1: deployed model1-prediction-prod-1; model1-prediction-prod points to it')
    assert log.contains('rolled back model1-prediction-test from model1-prediction-test-2 to model1-prediction-test-1')
    assert log =~ /model1-prediction-test +model1\/test\/1 +ready +model1-prediction-test-1/
    assert log =~ /model1-prediction-prod +model1\/prod\/1 +ready +model1-prediction-prod-1/
    assert log =~ /function host stopped \(pid \d+/
    def records = new File(basedir, 'target/home/local/records/model1-prediction-test.jsonl').readLines()
    assert records.size() == 3
    assert records[1].contains('"previous_target":"model1-prediction-test-1"')
    assert records[2].contains('"action":"rollback"')
} finally {
    def state = new File(basedir, 'target/home/local/host.properties')
    if (state.exists()) {
        def props = new Properties(); state.withInputStream { props.load(it) }
        ProcessHandle.of(props.getProperty('pid') as long).ifPresent { it.destroy() }
    }
}
