import java.nio.file.Files

def log = new File(basedir, 'build.log').text
try {
    assert log.count('model1: service test of model1-prediction-dev-1 passed (1 requests)') == 2
    assert log.contains('model1: deployed model1-prediction-dev-1; model1-prediction-dev points to it')
    // v2's service test passed with the key, then its smoke call on the platform failed without it
    assert log =~ /model1: the smoke call of model1-prediction-dev-1 failed \(failed: .*MODEL_API_KEY.*\); what it served before was put back and model1-prediction-dev still points where it did/
    assert log.contains('deployment to dev failed for 1 service:')
    // v1 serves again
    assert log.contains('model1-prediction-dev answered HTTP 200:')
    assert log.contains('{"status":"ok","prediction":{"label":"v1","key_set":false},"model_id":"model1/dev/1"}')
    def records = new File(basedir, 'target/home/local/records/model1-prediction-dev.jsonl').readLines()
    assert records.size() == 1

    // the secret's value is in no log, bundle, record or report: every file of the build but this test's own
    def secret = 's3cr3t-value-7f3a9c'.bytes
    def leaks = []
    Files.walk(basedir.toPath()).filter { Files.isRegularFile(it) }
            .filter { !(it.fileName.toString() in ['invoker.properties', 'verify.groovy']) }
            .each { file ->
                byte[] content = Files.readAllBytes(file)
                if (Collections.indexOfSubList(content as List, secret as List) >= 0) {
                    leaks << basedir.toPath().relativize(file)
                }
                if (file.toString().endsWith('.bundle') || file.toString().endsWith('.jar')) {
                    new java.util.zip.ZipFile(file.toFile()).withCloseable { zip ->
                        zip.entries().each { entry ->
                            byte[] inner = zip.getInputStream(entry).bytes
                            if (Collections.indexOfSubList(inner as List, secret as List) >= 0) {
                                leaks << "${basedir.toPath().relativize(file)}!${entry.name}"
                            }
                        }
                    }
                }
            }
    assert leaks.isEmpty() : "the secret's value appears in ${leaks}"
} finally {
    def state = new File(basedir, 'target/home/local/host.properties')
    if (state.exists()) {
        def props = new Properties(); state.withInputStream { props.load(it) }
        ProcessHandle.of(props.getProperty('pid') as long).ifPresent { it.destroy() }
    }
}
