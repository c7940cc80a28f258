try {
    def log = new File(basedir, 'build.log').text
    def endpoint = new File(basedir, '.mvn/maven.config').text.trim() - '-Dmlops.s3.endpoint='
    def store = "s3://team-models/wells/ at ${endpoint}"
    assert log.contains("artifact store ${store}, credentials from the settings.xml server mlops-store")
    assert log =~ /uploaded .*model_artifact as model1\/dev\/1 \(2 files, 14 bytes, sha256 [0-9a-f]{64}\)/
    assert log =~ /uploaded .*model_artifact as model1\/test\/1 \(2 files/
    assert log.contains('model1/test/1 already holds that content; the promotion and its metadata were added to model1/test/1\'s history (mvn mlops:versions -Dmodel=model1 -Denv=test -Dversion=1 shows it)')
    assert log.contains('promoted model1/test/1 to model1/prod/1')
    assert log =~ /model1 +dev +1 .* upload .*rmse=0.3/
    assert log =~ /model1 +prod +1 .* model1\/test\/1/
    assert log.contains('downloaded model1/prod/1 into ' + new File(basedir, 'target/downloaded').canonicalPath + ' (2 files verified)')
    assert new File(basedir, 'target/downloaded/coefficients.txt').text == new File(basedir, 'model_artifact/coefficients.txt').text
    assert log.contains('deleted model1/dev/1')
    // test/1 and prod/1 share dev/1's content, so collection finds nothing to remove.
    assert log.contains("mlops:gc would remove 0 unreferenced content files (0 bytes) and 0 unfinished uploads older than PT0S from ${store} (dry run: nothing was removed)")
    assert log.contains("mlops:gc removed 0 unreferenced content files (0 bytes) and 0 unfinished uploads older than PT0S from ${store}")
    def last = log.substring(log.lastIndexOf('mlops:gc removed'))
    assert last =~ /model1 +test +1 /
    assert last =~ /model1 +prod +1 /
    assert !(last =~ /model1 +dev +1 /)
    assert log.contains("bucket no-such-bucket does not exist at ${endpoint}; create it, or check the bucket name in the store address (-Dmlops.store or MLOPS_STORE)")
    assert log.contains("'Team_Models' in store address s3://Team_Models is not an S3 bucket name: 3 to 63 lower-case letters, digits, '.' and '-', starting and ending with a letter or digit (-Dmlops.store)")
    assert log =~ /cannot reach the S3 endpoint http:\/\/127.0.0.1:1 for bucket team-models \(HttpHostConnectException: Connect to 127.0.0.1:1 .*\); check the endpoint's address and that the server is running \(-Dmlops.s3.endpoint or MLOPS_S3_ENDPOINT\)/
    assert log.contains("S3 endpoint 'ftp://127.0.0.1' is not an http:// or https:// URL (-Dmlops.s3.endpoint or MLOPS_S3_ENDPOINT)")
    assert !log.contains('Execution default-cli')
    // Both machines worked on the bucket alone: neither has a local store.
    assert !new File(basedir, 'target/laptop/store').exists()
    assert !new File(basedir, 'target/ci/store').exists()
    // The secret key is in no log and no file the builds wrote.
    def secret = 'mlops-it-secret-5f2b9c7e'
    def leaks = []
    basedir.eachFileRecurse { f ->
        // The scripts hold the key to start the server with; the server's own folder holds what was uploaded.
        if (f.isFile() && !(f.name in ['prebuild.groovy', 'verify.groovy'])
                && !f.path.contains("${File.separator}target${File.separator}s3${File.separator}") && f.text.contains(secret)) {
            leaks << f
        }
    }
    assert leaks.isEmpty() : "the secret key appears in ${leaks}"
    return true
} finally {
    System.properties.get('mlops.it.s3proxy')?.stop()
}
