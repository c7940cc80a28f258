def steps = new File(basedir, 'build.log').text.split(/(?=\[INFO\] Scanning for projects\.\.\.)/)
        .findAll { it.contains('Scanning for projects') }
def step = { int n -> steps[n - 1] }
def image = new File(basedir, 'target/registry-address').text + '/team/mlops-host:'
try {
    assert steps.size() == 18
    def cluster = System.properties.get('mlops.it.k8s.cluster')
    def client = cluster.client()
    // 2. the first version: its objects in the namespace, the alias a Service selecting its pods
    assert step(2).contains('platform kubernetes: namespace models, image ' + image)
    // the first deployment built and pushed the host's image; the later ones found it
    assert step(2).contains('is not in the registry: building it on ')
    assert step(2).contains('host image pushed: ' + image)
    assert step(4).contains('nothing to push') && !step(4).contains('host image pushed')
    assert step(2).contains('BUILD SUCCESS')
    assert step(2) =~ /the kubernetes platform serves on http:\/\/localhost:\d+\/api\/v1\/namespaces\/models\/services\/\n/
    // 4. the second: the alias moved
    assert step(4).contains('BUILD SUCCESS')
    // 5. a call through the alias, through the API server's service proxy
    assert step(5).contains('"AC":[20.0]')
    // 6. listed from the cluster
    assert step(6) =~ /model1-prediction-test-1 /
    assert step(6) =~ /model1-prediction-test-2 /
    assert step(6) =~ /model1-prediction-test +model1\/test\/2 +ready +model1-prediction-test-2/
    // 7. rolled back to the first
    assert step(7).contains('BUILD SUCCESS')
    // 9. a version whose pods never become ready: undone, the alias stays, and the message says why
    assert step(9).contains('model1-prediction-test-3 did not become ready within 5 s (-Dmlops.kube.rolloutTimeout): its pods run but their readiness probe (/v2/health/ready) fails')
    assert step(9).contains('What it served before was put back.')
    assert client.apps().deployments().inNamespace('models').withName('model1-prediction-test-3').get() == null
    // 11. after undeploying the second, the first and the alias on it
    assert step(11) =~ /model1-prediction-test +model1\/test\/1 +ready +model1-prediction-test-1/
    assert !(step(11) =~ /model1-prediction-test-2 /)
    // the objects of the version served, checked against the settings
    def deployment = client.apps().deployments().inNamespace('models').withName('model1-prediction-test-1').get()
    assert deployment.spec.replicas == 2
    def host = deployment.spec.template.spec.containers[0]
    assert host.image.startsWith(image) && host.image.contains('@sha256:')
    assert host.resources.requests.cpu.toString() == '250m'
    assert host.resources.limits.memory.toString() == '256Mi'
    assert host.envFrom[0].secretRef.name == 'mlops-store'
    assert host.env.find { it.name == 'MLOPS_S3_ENDPOINT' }.value.startsWith('http://127.0.0.1:')
    assert !host.env.any { it.value?.contains('mlops-it-secret') }
    assert client.policy().v1().podDisruptionBudget().inNamespace('models').withName('model1-prediction-test-1').get() != null
    def alias = client.services().inNamespace('models').withName('model1-prediction-test').get()
    assert alias.spec.selector['mlops.dev/function'] == 'model1-prediction-test-1'
    // the ledger, in the cluster
    def ledger = client.configMaps().inNamespace('models').list().items.find { it.metadata.name.startsWith('model1-prediction-test-ledger') }
    assert ledger != null
    def records = ledger.data['ledger.jsonl'].readLines()
    assert records.size() == 3
    assert records[2].contains('"action":"rollback"') && records[2].contains('"reason":"checking"')
    // 13. the manifests of what a deployment to test would apply: the latest test version, 3
    def manifests = new File(basedir, 'target/mlops-manifests/test')
    def versioned = new File(manifests, 'model1-prediction-test-3.yaml').text
    def documents = versioned.split(/(?m)^---$/).findAll { !it.isBlank() }
    assert documents.size() == 3
    assert documents.collect { (it =~ /(?m)^kind: "?(\w+)"?$/)[0][1] } == ['Deployment', 'Service', 'PodDisruptionBudget']
    def parsed = client.load(new ByteArrayInputStream(versioned.bytes)).items()
    assert parsed[0].spec.replicas == 2
    assert parsed[0].metadata.namespace == 'models'
    assert parsed[0].spec.template.spec.containers[0].image.startsWith(image)
    assert step(13).contains('nothing to push')
    def sha = parsed[0].metadata.annotations['mlops.dev/bundle-sha256']
    assert new File(basedir, "target/s3/team-models/k8s/blobs/${sha.substring(0, 2)}/${sha}").isFile() ||
            step(13).contains("bundle ${sha} in s3://team-models/k8s/")
    def aliasYaml = client.load(new ByteArrayInputStream(new File(manifests, 'model1-prediction-test.yaml').bytes)).items()
    assert aliasYaml[0].spec.selector['mlops.dev/function'] == 'model1-prediction-test-3'
    assert step(13).contains('1 versioned deployment(s) written for test into ')
    assert !versioned.contains('mlops-it-secret')
    // 14. and without an image, it says how to name one
    assert step(14).contains('platform kubernetes runs the function host\'s image in its pods; name the registry mlops pushes it to with -Dmlops.image.registry')
    // 15, 16. the prod gate reads the ledger in the cluster
    assert step(15).contains('model1/test/3 was never deployed to test successfully on the kubernetes platform')
    assert step(16).contains('BUILD SUCCESS')
    assert step(16).contains('model1/prod/1')
    // 12. without an image, the goal says how to name it
    assert step(12).contains('platform kubernetes runs the function host\'s image in its pods; name the registry mlops pushes it to with -Dmlops.image.registry')
    // 17. the dry run: the objects as YAML, the image by tag, nothing applied
    assert step(17).contains('BUILD SUCCESS')
    assert step(17).contains('model1: would deploy model1-prediction-test-3')
    assert step(17).contains('model1: the objects it would apply on the kubernetes platform:')
    def planned = step(17).substring(step(17).indexOf('the objects it would apply'))
    assert planned =~ /kind: "?Deployment"?/
    assert planned =~ /image: "?registry.invalid\/team\/mlops-host:[^@\s"]+"?\n/
    assert planned.contains('mlops.dev/target')
    assert !planned.contains('mlops-it-secret')
    assert client.apps().deployments().inNamespace('models').withName('model1-prediction-test-3').get() == null
    // 18. testing only: the service test, and nothing asked of the cluster or the registry
    assert step(18).contains('BUILD SUCCESS')
    assert step(18).contains('service test passed; nothing deployed (testing only)')
    assert !step(18).contains('Kubernetes API server') && !step(18).contains('host image')
} finally {
    System.properties.get('mlops.it.k8s.registry')?.close()
    System.properties.get('mlops.it.k8s.cluster')?.close()
    System.properties.get('mlops.it.k8s.s3proxy')?.stop()
}
