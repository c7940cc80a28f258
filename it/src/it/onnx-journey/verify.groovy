// build.log holds the steps of invoker.properties one after the other; each is checked on its own output
def steps = new File(basedir, 'build.log').text.split(/(?=\[INFO\] Scanning for projects\.\.\.)/)
        .findAll { it.contains('Scanning for projects') }
assert steps.size() == 6
def step = { int n -> steps[n - 1] }
try {
    // 1. dev: the graph checked against the settings, then served from the artifact folder
    assert step(1).contains('wells_onnx: ONNX model model.onnx fits the settings; it takes ACS, RDEP, DEN and gives AC')
    assert step(1).contains('wells_onnx (AC from well logs (ONNX)): settings valid; prediction by the ONNX graph model.onnx')
    assert step(1) =~ /wells_onnx-prediction-dev-1, two rows: ok \([0-9.]+ ms\)/
    assert step(1) =~ /wells_onnx-prediction-dev-1, a missing input is refused: ok/
    assert step(1) =~ /wells_onnx-prediction-dev-1, text is no float: ok/
    def report = new File(basedir, 'target/mlops-service-test/TEST-wells_onnx-prediction-dev-1.xml').text
    assert report.contains('tests="3" failures="0"')
    // 2. the artifact folder, model.onnx in it, is stored as any model's is
    assert step(2) =~ /uploaded .*model_artifact as wells_onnx\/test\/1 \(1 files?, [0-9]+ bytes, sha256 [0-9a-f]{64}\)/
    // 3. test: the stored version service-tested and deployed behind the alias
    assert step(3) =~ /\[INFO\] wells_onnx: artifact wells_onnx\/test\/1 \(sha256 [0-9a-f]{64}\)\n/
    assert step(3).contains('wells_onnx-prediction-test-1, two rows: ok')
    assert step(3).contains('[INFO] wells_onnx: deployed wells_onnx-prediction-test-1; wells_onnx-prediction-test points to it\n')
    // 4. the call through the alias: AC = 0.5 ACS - 1.25 RDEP + 2 DEN + 10
    assert step(4).contains('[INFO] wells_onnx-prediction-test answered HTTP 200:\n')
    assert step(4).contains('\n{"status":"ok","prediction":{"AC":[11.25]},"model_id":"wells_onnx/test/1"}\n')
    // 5. the platform's host stops
    assert step(5) =~ /\[INFO\] function host stopped \(pid \d+, http:\/\/127\.0\.0\.1:\d+\)\n/
    (0..4).each { assert steps[it].contains('BUILD SUCCESS') : "step ${it + 1}" }
    // 6. settings the graph does not fit: each problem at its line, with the fix
    assert step(6) =~ /unfit_settings.yaml:4:16: .*input_columns lists 2 columns, but the graph's input 'input' has shape \[N, 3\], 3 values a row; list exactly 3/
    assert step(6) =~ /unfit_settings.yaml:6:\d+: .*output_names renames 'prediction', which is not an output of the graph; its outputs are variable/
    assert step(6).contains('BUILD FAILURE')
} finally {
    def state = new File(basedir, 'target/home/local/host.properties')
    if (state.exists()) {
        def props = new Properties(); state.withInputStream { props.load(it) }
        ProcessHandle.of(props.getProperty('pid') as long).ifPresent { it.destroy() }
    }
}
true
