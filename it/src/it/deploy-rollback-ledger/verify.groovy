import groovy.json.JsonSlurper

// build.log holds the steps of invoker.properties one after the other; each is checked on its own output
def steps = new File(basedir, 'build.log').text.split(/(?=\[INFO\] Scanning for projects\.\.\.)/)
        .findAll { it.contains('Scanning for projects') }
assert steps.size() == 10
def step = { int n -> steps[n - 1] }
def state = new File(basedir, 'target/home/local/host.properties')
try {
    assert step(1).contains('model1: deployed model1-prediction-test-1; model1-prediction-test points to it\n')
    assert step(2).contains('model1: deployed model1-prediction-test-2; model1-prediction-test points to it (was model1-prediction-test-1)\n')
    assert step(3).contains('model1: deployed model1-prediction-test-3; model1-prediction-test points to it (was model1-prediction-test-2)\n')
    assert step(4).contains('model1: deployed model1-prediction-test-3; model1-prediction-test points to it (was model1-prediction-test-3)\n')
    // the redeployment of version 3 is not its own previous: the first rollback goes to 2, the second to 1
    assert step(5).contains('[INFO] rolled back model1-prediction-test from model1-prediction-test-3 to model1-prediction-test-2\n')
    assert step(6).contains('[INFO] rolled back model1-prediction-test from model1-prediction-test-2 to model1-prediction-test-1\n')
    assert step(7).contains('on project deploy-rollback-ledger: model1: model1-prediction-test points to model1-prediction-test-1 and no earlier deployment of another version is on record; there is nothing to roll back to; name a version with -Dversion -> [Help 1]')
    assert step(8).contains('on project deploy-rollback-ledger: model1: model1-prediction-test-7 was never deployed, so model1-prediction-test cannot return to it; deployed versions: model1-prediction-test-1, model1-prediction-test-2, model1-prediction-test-3; deploy that version again (mvn mlops:deploy -Dmlops.artifactVersion=<version>) -> [Help 1]')
    assert step(9).contains('on project deploy-rollback-ledger: model1: model1-prediction-test points to model1-prediction-test-1, so it stays until the alias moves or is removed; roll the alias back (mvn mlops:rollback -Dmodel=model1) or undeploy the alias first (mvn mlops:undeploy -Dfunction=<alias>) -> [Help 1]')
    assert step(10).contains('[INFO] rolled back model1-prediction-test from model1-prediction-test-1 to model1-prediction-test-3\n')
    [7, 8, 9].each { assert !step(it).contains('Execution default-cli') }
    assert new File(basedir, 'target/home/local/deployments/model1-prediction-test-1.bundle').exists()

    def ledger = new File(basedir, 'target/home/local/records/model1-prediction-test.jsonl').readLines()
            .collect { new JsonSlurper().parseText(it) }
    assert ledger.collect { it.action + ' ' + it.target } == ['deploy model1-prediction-test-1',
            'deploy model1-prediction-test-2', 'deploy model1-prediction-test-3', 'deploy model1-prediction-test-3',
            'rollback model1-prediction-test-2', 'rollback model1-prediction-test-1', 'rollback model1-prediction-test-3']
    assert ledger[4].reason == 'round-3-is-off'
    assert ledger[4].who == System.getProperty('user.name') || ledger[4].who == System.getenv('GITHUB_ACTOR')
    assert ledger[4].when ==~ /\d{4}-\d\d-\d\dT.*Z/
    assert ledger[5].reason == ''

    // the host itself refuses to delete what the alias points to
    def props = new Properties(); state.withInputStream { props.load(it) }
    def connection = new URL(props.getProperty('url') + '/functions/model1-prediction-test-3').openConnection()
    connection.requestMethod = 'DELETE'
    assert connection.responseCode == 409
    assert new JsonSlurper().parseText(connection.errorStream.text).error_message == 'model1-prediction-test points to model1-prediction-test-3, so it stays; point the alias at another version or delete the alias first'
    assert new File(basedir, 'target/home/local/deployments/model1-prediction-test-3.bundle').exists()
} finally {
    if (state.exists()) {
        def props = new Properties(); state.withInputStream { props.load(it) }
        ProcessHandle.of(props.getProperty('pid') as long).ifPresent { it.destroy() }
    }
}
