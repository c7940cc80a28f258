import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log.contains('model1-prediction-dev-1: ')
assert new File(basedir, 'target/mlops/bundles/model1-prediction-dev-1.bundle').isFile()
def state = new Properties()
new File(basedir, 'target/mlops-host.properties').withInputStream { state.load(it) }
def pid = state.getProperty('pid') as long
def url = state.getProperty('url')
assert log.contains("function host started on ${url} (pid ${pid}")
try {
    def connection = new URL("${url}/functions/model1-prediction-dev-1/call").openConnection()
    connection.requestMethod = 'POST'
    connection.doOutput = true
    connection.setRequestProperty('Content-Type', 'application/json')
    connection.outputStream.withWriter { it << '{"data": {"ACS": [1.0, 2.0], "RDEP": [3.0, 4.0], "DEN": [2.0, 2.5]}}' }
    assert connection.responseCode == 200
    def response = new JsonSlurper().parse(connection.inputStream)
    assert response.status == 'ok'
    assert response.prediction.AC == [20.0, 27.0]
    assert response.model_id == 'model1/dev/1'

    def missing = new URL("${url}/functions/model1-prediction-dev-1/call").openConnection()
    missing.requestMethod = 'POST'
    missing.doOutput = true
    missing.outputStream.withWriter { it << '{"data": {"ACS": [1.0]}}' }
    assert missing.responseCode == 400
    assert new JsonSlurper().parse(missing.errorStream).error_message ==
            'missing required input: RDEP, DEN (metadata.required_input of model1)'

    def metrics = new URL("${url}/metrics").text
    assert metrics.contains('mlops_calls_total{env="dev",function="model1-prediction-dev-1",model="model1",outcome="ok",service="prediction",version="1"} 1.0')
} finally {
    ProcessHandle.of(pid).ifPresent { it.destroy() }
}
