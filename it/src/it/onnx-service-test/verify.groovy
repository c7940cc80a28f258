def log = new File(basedir, 'build.log').text
assert log.contains('wells_onnx: ONNX model model.onnx fits the settings; it takes ACS, RDEP, DEN and gives AC')
assert log.contains('wells_onnx (AC from well logs (ONNX)): settings valid; prediction by the ONNX graph model.onnx')
assert log =~ /wells_onnx-prediction-dev-1, two rows: ok \([0-9.]+ ms\)/
assert log =~ /wells_onnx-prediction-dev-1, a missing input is refused: ok/
assert log =~ /wells_onnx-prediction-dev-1, text is no float: ok/
def report = new File(basedir, 'target/mlops-service-test/TEST-wells_onnx-prediction-dev-1.xml').text
assert report.contains('tests="3" failures="0"')

def unfit = log
assert unfit =~ /unfit_settings.yaml:4:16: .*input_columns lists 2 columns, but the graph's input 'input' has shape \[N, 3\], 3 values a row; list exactly 3/
assert unfit =~ /unfit_settings.yaml:6:\d+: .*output_names renames 'prediction', which is not an output of the graph; its outputs are variable/
true
