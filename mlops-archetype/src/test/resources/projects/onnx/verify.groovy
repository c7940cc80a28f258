// -Dflavor=onnx: a repository with the ONNX graph and no code; mvn deploy checks the graph, runs the service test,
// deploys it to the local platform under target/home, and the running service is called here.
def project = new File(basedir, 'project/sonic-onnx')
def text = { name -> new File(project, name).text }
def state = new File(project, 'target/home/local/host.properties')
try {
    assert new File(project, 'model_artifact/model.onnx').isFile()
    assert !new File(project, 'model_artifact/coefficients.txt').exists()
    assert !new File(project, 'src/main/java').exists()
    assert !new File(project, 'src/test/java').exists()
    assert new File(project, 'src/test/resources/service-test.json').isFile()
    def settings = text('mlops_settings.yaml')
    assert settings.contains('model_format: onnx\n')
    assert settings.contains('input_columns: [ACS, RDEP, DEN]\n')
    assert !settings.contains('model_class')
    assert !settings.contains('training')
    // the graph is the model: committed, not ignored
    assert !text('.gitignore').contains('model_artifact')
    assert text('README.md').contains('skl2onnx') && text('README.md').contains('ZipMap')
    assert !text('pom.xml').contains('<dependencies>')
    ['pom.xml', 'mlops_settings.yaml', 'README.md', '.gitignore'].each { name ->
        assert !(text(name) =~ /(?m)^\s*#(if|else|end)/) : "${name} holds a Velocity directive"
        assert !(text(name) =~ /\$\{(groupId|artifactId|version|package|modelName|humanFriendlyModelName|mlopsVersion|flavor)\}/) :
                "${name} holds an unfiltered archetype property"
    }

    def log = text('build.log')
    assert log.contains('sonic_onnx: ONNX model model.onnx fits the settings; it takes ACS, RDEP, DEN and gives AC')
    assert log.contains('sonic_onnx-prediction-dev-1, two rows of well logs: ok')
    assert log.contains('sonic_onnx: deployed sonic_onnx-prediction-dev-1; sonic_onnx-prediction-dev points to it')
    def props = new Properties()
    state.withInputStream { props.load(it) }
    def call = { String path, String body ->
        def connection = new URL(props.getProperty('url') + path).openConnection()
        connection.requestMethod = 'POST'
        connection.doOutput = true
        connection.setRequestProperty('Content-Type', 'application/json')
        connection.outputStream.withWriter { it << body }
        def code = connection.responseCode
        [code, (code < 400 ? connection.inputStream : connection.errorStream).text]
    }
    def (code, answer) = call('/functions/sonic_onnx-prediction-dev/call',
            '{"data": {"ACS": [150.0, 200.0], "RDEP": [10.0, 2.5], "DEN": [2.3, 2.5]}}')
    println "sonic_onnx-prediction-dev answered ${answer}"
    assert code == 200
    def json = new groovy.json.JsonSlurper().parseText(answer)
    assert json.model_id == 'sonic_onnx/dev/1'
    // the Java flavour's regression, computed here from its coefficients in double
    def w = [18.284609876051274, 0.3157167696273683, -0.1147355566585948, 9.829087354788179]
    def expected = [[150.0, 10.0, 2.3], [200.0, 2.5, 2.5]].collect { r -> w[0] + w[1] * r[0] + w[2] * r[1] + w[3] * r[2] }
    json.prediction.AC.eachWithIndex { v, i -> assert Math.abs(v - expected[i]) < 1e-9 : "row ${i}: ${v} != ${expected[i]}" }
    def (missingCode, missing) = call('/functions/sonic_onnx-prediction-dev/call', '{"data": {"ACS": [150.0], "RDEP": [10.0]}}')
    assert missingCode == 400 && missing.contains('DEN') : missing
} finally {
    if (state.exists()) {
        def props = new Properties()
        state.withInputStream { props.load(it) }
        ProcessHandle.of(props.getProperty('pid') as long).ifPresent { it.destroy() }
    }
}
true
