// Retraining on changed data, as a team does: new well logs (every AC 3 % higher, and noise), mvn package
// mlops:train uploads the next dev version, it is promoted to test, and the service test of a deployment to test
// passes on it: the archetype's expectations (approx with a relative tolerance, the answer's length, the status)
// survive retraining, where exact predictions would not.
def project = new File(basedir, 'project/retrained-model')
def home = new File(project, 'target/retrain-home')
def run = { List<String> command ->
    def process = new ProcessBuilder(command).directory(project).redirectErrorStream(true).start()
    def output = process.inputStream.text
    assert process.waitFor() == 0 : "${command.join(' ')} failed:\n${output}"
    output
}
def data = new File(project, 'src/main/resources/well_logs.csv')
def random = new Random(7)
def lines = data.readLines()
data.text = ([lines[0]] + lines.drop(1).collect { line ->
    def cells = line.split(',')
    cells[3] = String.format(Locale.ROOT, '%.2f', (cells[3] as double) * 1.03 + random.nextGaussian() * 0.5)
    cells.join(',')
}).join('\n') + '\n'
def mvn = ['mvn', '-B', '-o', '-Dmlops.home=' + home.path]
def trained = run(mvn + ['package', 'mlops:train'])
assert trained.contains('and uploaded it as retrained_model/dev/1')
run(mvn + ['mlops:promote', '-Denv=test'])
def tested = run(mvn + ['verify', '-Denv=test'])
new File(basedir, 'retrain-build.log').text = tested
assert tested.contains('retrained_model-prediction-test-1, two rows of well logs: ok')
assert tested.contains('retrained_model-prediction-test-1, one answer per row: ok')
assert tested.contains('retrained_model-prediction-test-1, a request without DEN is refused: ok')
assert tested.contains('BUILD SUCCESS')
// the retrained weights are not the shipped ones: the expectations held on a different model
def downloaded = new File(project, 'target/downloaded')
run(mvn + ['mlops:download', '-Denv=test', '-Dversion=1',
           '-Dmlops.folder=' + downloaded.path])
def weights = { File file -> file.text.trim().split(/\s+/).collect { it as double } }
def retrained = weights(new File(downloaded, 'coefficients.txt'))
def shipped = weights(new File(project, 'model_artifact/coefficients.txt'))
assert retrained.size() == shipped.size()
assert (0..<retrained.size()).any { Math.abs(retrained[it] - shipped[it]) > 1e-3 } : "${retrained} against ${shipped}"
true

