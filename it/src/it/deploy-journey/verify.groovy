// build.log holds the steps of invoker.properties one after the other; each is checked on its own output
def steps = new File(basedir, 'build.log').text.split(/(?=\[INFO\] Scanning for projects\.\.\.)/)
        .findAll { it.contains('Scanning for projects') }
assert steps.size() == 11
def step = { int n -> steps[n - 1] }
try {
    // 1. dev: the local artifact folder, service-tested, deployed
    assert step(1).contains('[INFO] model1: service test of model1-prediction-dev-1 passed (2 requests)\n')
    assert step(1).contains('[INFO] model1: deployed model1-prediction-dev-1; model1-prediction-dev points to it\n')
    // 3. test: the service test of the build, then the deployment of the same bundle without testing it again
    assert step(3) =~ /\[INFO\] model1: artifact model1\/test\/1 \(sha256 [0-9a-f]{64}\)\n/
    assert step(3).contains('model1-prediction-test-1, two rows: ok')
    assert step(3).contains('[INFO] model1: service test of model1-prediction-test-1 passed earlier in this build; not run again\n')
    assert !step(3).contains('service test of model1-prediction-test-1 passed (')
    assert step(3).contains('[INFO] model1: deployed model1-prediction-test-1; model1-prediction-test points to it\n')
    // 5. the second test version replaces the first behind the alias
    assert step(5).contains('[INFO] model1: deployed model1-prediction-test-2; model1-prediction-test points to it (was model1-prediction-test-1)\n')
    // 6. the call through the alias
    assert step(6).contains('[INFO] model1-prediction-test answered HTTP 200:\n')
    assert step(6).contains('\n{"status":"ok","prediction":{"AC":[10.0]},"model_id":"model1/test/2"}\n')
    // The job summary a GitHub Actions run shows: a table per deployment, with id, artifact, SHA-256, previous target
    def summary = new File(basedir, 'target/job-summary.md').text
    assert summary.contains('### mlops: deployment to dev\n')
    assert summary =~ /\| model1 \| prediction \| deployed \| `model1-prediction-test-2` \| model1\/test\/2 \| `[0-9a-f]{64}` \| `model1-prediction-test-1` \|\n/
    assert summary.contains('| model1 | prediction | deployed | `model1-prediction-prod-1` | model1/prod/1 |')
    // 7. promotion to prod of what test holds, 8. the prod deployment promotes nothing more
    assert step(7).contains('[INFO] promoted model1/test/2 to model1/prod/1\n')
    assert step(8).contains('[INFO] model1: model1/prod/1 already holds model1/test/2\n')
    assert step(8).contains('[INFO] model1: deployed model1-prediction-prod-1; model1-prediction-prod points to it\n')
    // 9. rollback of test, 10. the listing after it
    assert step(9).contains('[INFO] rolled back model1-prediction-test from model1-prediction-test-2 to model1-prediction-test-1\n')
    assert step(10) =~ /\[INFO\] model1-prediction-test +model1\/test\/1 +ready +model1-prediction-test-1\n/
    assert step(10) =~ /\[INFO\] model1-prediction-prod +model1\/prod\/1 +ready +model1-prediction-prod-1\n/
    // 11. the platform's host stops
    assert step(11) =~ /\[INFO\] function host stopped \(pid \d+, http:\/\/127\.0\.0\.1:\d+\)\n/
    steps.eachWithIndex { text, i -> assert text.contains('BUILD SUCCESS') : "step ${i + 1}" }

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
