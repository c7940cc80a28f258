// The generated repository committed with git and cloned into a new folder, as a teammate or CI gets it: no
// model_artifact/ (git ignores it), no target/. Its mvn -o verify passes with nothing but the repository: the unit
// tests train into folders of their own, and the service test trains the missing artifact folder.
def project = new File(basedir, 'project/fresh-model')
def clone = new File(basedir, 'clone')
def run = { List<String> command, File dir ->
    def process = new ProcessBuilder(command).directory(dir).redirectErrorStream(true).start()
    def output = process.inputStream.text
    assert process.waitFor() == 0 : "${command.join(' ')} failed:\n${output}"
    output
}
// a rerun without mvn clean finds the last run's repository and clone
new File(project, '.git').deleteDir()
clone.deleteDir()
run(['git', 'init', '-q'], project)
run(['git', 'add', '-A'], project)
run(['git', '-c', 'user.name=mlops', '-c', 'user.email=mlops@example.com', 'commit', '-q', '-m', 'generated'], project)
run(['git', 'clone', '-q', project.path, clone.path], basedir)
assert !new File(clone, 'model_artifact').exists()
assert !new File(clone, 'target').exists()

def log = run(['mvn', '-B', '-o', 'verify', '-Dmlops.home=' + new File(clone, 'target/home').path], clone)
new File(basedir, 'clone-build.log').text = log
assert log.contains('Tests run: 3, Failures: 0, Errors: 0')
assert log.contains('[INFO] fresh_model: artifact_folder model_artifact was missing and no dev version is stored; trained it with com.example.LinearModel {')
assert log.contains('fresh_model-prediction-dev-1, two rows of well logs: ok')
assert log.contains('fresh_model-prediction-dev-1, one answer per row: ok')
assert log.contains('BUILD SUCCESS')
def weights = { File file -> file.text.trim().split(/\s+/).collect { it as double } }
def trained = weights(new File(clone, 'model_artifact/coefficients.txt'))
def shipped = weights(new File(project, 'model_artifact/coefficients.txt'))
assert trained.size() == shipped.size()
trained.eachWithIndex { w, i -> assert Math.abs(w - shipped[i]) < 1e-9 : "weight ${i}" }
true
