// mvn deploy of the generated repository: deployed to the local platform under target/home, then called here.
def project = new File(basedir, 'project/sonic-deploy')
def state = new File(project, 'target/home/local/host.properties')
try {
    def log = new File(project, 'build.log').text
    assert log.contains('sonic_deploy: deployed sonic_deploy-prediction-dev-1; sonic_deploy-prediction-dev points to it')
    assert !log.contains('maven-deploy-plugin') || log.contains('Skipping artifact deployment')
    def props = new Properties()
    state.withInputStream { props.load(it) }
    def connection = new URL(props.getProperty('url') + '/functions/sonic_deploy-prediction-dev/call').openConnection()
    connection.requestMethod = 'POST'
    connection.doOutput = true
    connection.setRequestProperty('Content-Type', 'application/json')
    connection.outputStream.withWriter { it << '{"data": {"ACS": [150.0], "RDEP": [10.0], "DEN": [2.3]}}' }
    def answer = connection.inputStream.text
    println "sonic_deploy-prediction-dev answered ${answer}"
    assert answer == '{"status":"ok","prediction":{"AC":[87.1]},"model_id":"sonic_deploy/dev/1"}'
} finally {
    if (state.exists()) {
        def props = new Properties()
        state.withInputStream { props.load(it) }
        ProcessHandle.of(props.getProperty('pid') as long).ifPresent { it.destroy() }
    }
}
