import groovy.json.JsonSlurper

// build.log holds the steps of invoker.properties one after the other; each is checked on its own output
def steps = new File(basedir, 'build.log').text.split(/(?=\[INFO\] Scanning for projects\.\.\.)/)
        .findAll { it.contains('Scanning for projects') }
assert steps.size() == 15
def step = { int n -> steps[n - 1] }
try {
    // The host stored its log when it stopped: one gzip file of JSON Lines, one line per call
    def logs = new File(basedir, 'target/home/store/records/datasets/mlops/predictions/model1/dev/1')
    assert logs.isDirectory()
    // 4. only ACS was shifted: it drifts, RDEP and DEN do not, and one column of three is no dataset drift
    assert step(4) =~ /\[INFO\]   ACS +ks +statistic [0-9.e-]+, p-value [0-9.e-]+, threshold 0\.05: DRIFT\n/
    assert step(4) =~ /\[INFO\]   RDEP +ks .*: no drift\n/
    assert step(4) =~ /\[INFO\]   DEN +ks .*: no drift\n/
    assert step(4).contains('1 of 3 columns drifted (share 0.33): no dataset drift')
    assert step(4).contains('BUILD SUCCESS')
    // 8. ACS and RDEP shifted: two columns of three, a dataset drift, and -Dmlops.drift.failOnDrift fails
    assert step(8) =~ /\[INFO\]   RDEP +ks .*: DRIFT\n/
    assert step(8) =~ /\[INFO\]   DEN +ks .*: no drift\n/
    assert step(8).contains('dataset drift in model1/dev/1: ACS, RDEP drifted; 2 of 3 columns drifted (share 0.67)')
    assert step(8).contains('BUILD FAILURE')
    def report = new JsonSlurper().parse(new File(basedir, 'target/mlops-drift/model1-dev.json'))
    assert report.keySet() as List == ['model', 'env', 'version', 'reference_rows', 'current_rows', 'drift_share',
                                       'dataset_drift', 'columns']
    assert report.model == 'model1' && report.env == 'dev' && report.version == 1
    assert report.reference_rows == 200 && report.current_rows == 300
    assert report.dataset_drift == true
    assert report.columns*.name == ['ACS', 'RDEP', 'DEN']
    assert report.columns*.drift == [true, true, false]
    report.columns.each { c ->
        assert c.keySet() as List == ['name', 'test', 'statistic', 'p_value', 'threshold', 'drift']
        assert c.test == 'ks' && c.threshold == 0.05 && c.p_value instanceof Number
    }
    def html = new File(basedir, 'target/mlops-drift/model1-dev.html').text
    assert html.contains('<svg') && html.contains('Dataset drift')
    assert !(html =~ /(src|href)="?https?:/)
    // 9. a range without calls says so
    assert step(9).contains('no answered calls of model1/dev/1 were logged from 2020-01-01T00:00:00Z to 2020-01-02T00:00:00Z')
    // 10. an environment nothing is deployed to
    assert step(10).contains('model1-prediction-prod is not deployed, so no version of model1 serves prod')
    // 13. the model report: versions with where they came from, the ledger, the drift report
    assert step(13).contains('[INFO] model report of model1: 2 version(s), 2 ledger record(s), 1 drift report(s); open ')
    def reportFolder = new File(basedir, 'target/mlops-report')
    def index = new File(reportFolder, 'index.html').text
    assert index.contains('<table class="versions" data-env="test">')
    assert index.contains('<table class="versions" data-env="prod">')
    assert index.contains('<td>model1/test/1</td>')
    assert index.contains('round = 1')
    def ledger = new File(reportFolder, 'ledger.html').text
    assert ledger.count('<td>model1-prediction-dev</td><td>deploy</td><td>model1-prediction-dev-1</td>') == 2
    def drift = new File(reportFolder, 'drift.html').text
    assert drift.contains('<td>ACS, RDEP (2 of 3)</td>')
    assert drift.contains('<a href="drift-model1-dev.html">histograms</a>')
    assert new File(reportFolder, 'drift-model1-dev.html').isFile()
    // 14. mvn site: the site's page for the report, in its skin, linking the same pages written into the site
    assert step(14).contains('[INFO] model report of model1: 2 version(s), 2 ledger record(s), 1 drift report(s) in the site')
    assert step(14).contains('BUILD SUCCESS')
    def sitePage = new File(basedir, 'target/site/mlops.html').text
    assert sitePage.contains('Model report')
    assert sitePage.contains('model report of model1: 2 version(s), 2 ledger record(s), 1 drift report(s).')
    assert sitePage.contains('href="mlops-report/index.html"') && sitePage.contains('href="mlops-report/ledger.html"')
    assert new File(basedir, 'target/site/mlops-report/index.html').text.contains('<td>model1/test/1</td>')
    assert new File(basedir, 'target/site/mlops-report/drift-model1-dev.html').isFile()
    assert new File(basedir, 'target/site/project-reports.html').text.contains('mlops.html')
    // 15. another store named: the log is still read from the store the version was deployed from
    assert step(15).contains('2 of 3 columns drifted (share 0.67): dataset drift')
    assert step(15).contains('BUILD SUCCESS')
} finally {
    def state = new File(basedir, 'target/home/local/host.properties')
    if (state.exists()) {
        def props = new Properties(); state.withInputStream { props.load(it) }
        ProcessHandle.of(props.getProperty('pid') as long).ifPresent { it.destroy() }
    }
}
