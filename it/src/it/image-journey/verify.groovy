// The host's image, run as the cluster would run the Deployment of the manifests: podman (with runc; crun fails on
// these machines' cgroups) pulls it from the registry and runs the container with the Deployment's arguments, its
// environment (the store's keys as the Secret would give them), a read-only root and tmpfs where the pod has
// emptyDirs. The host downloads the bundle from the store by SHA-256, verifies it, reports ready and answers a call.
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration

def steps = new File(basedir, 'build.log').text.split(/(?=\[INFO\] Scanning for projects\.\.\.)/)
        .findAll { it.contains('Scanning for projects') }
def step = { int n -> steps[n - 1] }
def registry = System.properties.get('mlops.it.image.registry')
def container = null
def pulled = null
def podman = { List<String> arguments ->
    def command = ['podman', '--runtime=runc', '--cgroup-manager=cgroupfs'] + arguments
    def process = new ProcessBuilder(command.collect { it.toString() }).redirectErrorStream(true).start()
    def output = process.inputStream.text
    assert process.waitFor() == 0: "${command.join(' ')} failed:\n${output}"
    output.trim()
}
try {
    assert steps.size() == 6
    def tag = registry.address() + '/team/mlops-host:'
    // 2. built and pushed, with where the registry's credentials came from (none here)
    assert step(2).contains('BUILD SUCCESS')
    assert step(2).contains('registry credentials from nowhere')
    assert step(2).contains('is not in the registry: building it on ' + new File(basedir, 'target/base-image.txt').text)
    def pushed = (step(2) =~ /host image: (\S+) \(pushed\)/)[0][1]
    assert pushed.startsWith(tag) && pushed.contains('@sha256:')
    assert new File(basedir, 'target/mlops/host-image.txt').text.trim() == pushed
    // 3. the second time, found in the registry: nothing pushed
    assert step(3).contains("host image: ${pushed} (already in the registry)")
    assert step(3).contains('nothing to push')
    def manifestPuts = registry.writes().findAll { it.contains('http.request.method=PUT') && it.contains('/team/mlops-host/manifests/') }
    assert manifestPuts.size() == 1: manifestPuts.join('\n')
    // 4. the manifests name it, and the bundle is in the store
    assert step(4).contains('nothing to push')
    def yaml = new File(basedir, 'target/mlops-manifests/test/model1-prediction-test-1.yaml').text
    def image = (yaml =~ /(?m)^\s+image: "?([^"\s]+)"?$/)[0][1]
    assert image == pushed
    def args = (yaml =~ /(?s)args:\n(.*?)\n\s+env:/)[0][1].readLines().collect { it.replaceFirst(/^\s*- /, '').replaceAll(/^"|"$/, '') }
    assert args.contains('--bundle-sha256')
    def sha = args[args.indexOf('--bundle-sha256') + 1]
    assert args[args.indexOf('--bundle-store') + 1] == 's3://team-models/images/'
    // 5, 6. the refusals and what they suggest
    assert step(5).contains('cannot ask the registry ' + registry.address())
    assert step(5).contains('-Dmlops.image.insecure=true')
    assert step(6).contains('-Dmlops.image names an image built elsewhere and -Dmlops.image.registry asks mlops to build its own; give one of them')

    // The container: the pod's arguments with a free port (host networking reaches the store on loopback).
    def port = new ServerSocket(0).withCloseable { it.localPort }
    def portAt = args.indexOf('--port')
    args[portAt + 1] = String.valueOf(port)
    args[args.indexOf('--bind') + 1] = '127.0.0.1'
    def s3 = System.properties.get('mlops.it.image.s3proxy')
    pulled = podman(['pull', '--tls-verify=false', '-q', image])
    def inspected = podman(['image', 'inspect', '--format', '{{.Config.User}}', image])
    assert inspected == '65532:65532'
    // The pod's emptyDirs, owned by its user as fsGroup makes them (podman 4.3 ignores a tmpfs's mode; U chowns it).
    container = podman(['run', '-d', '--network=host', '--read-only', '--tmpfs', '/tmp:rw,U',
                        '--tmpfs', '/var/lib/mlops:rw,U', '--ulimit', 'nofile=4096:4096', '--ulimit',
                        'nproc=4096:4096', '--cap-drop=ALL', '--security-opt', 'no-new-privileges',
                        '-e', "MLOPS_S3_ENDPOINT=http://127.0.0.1:${s3.port}", '-e', 'AWS_ACCESS_KEY_ID=mlops-it-access',
                        '-e', 'AWS_SECRET_ACCESS_KEY=mlops-it-secret-5f2b9c7e', '-e', 'AWS_REGION=us-east-1',
                        '-e', 'MLOPS_HOST_TOKEN=image-journey-token', '-e', 'JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage=75',
                        image] + args)
    def http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
    def ready = false
    for (int i = 0; i < 120 && !ready; i++) {
        try {
            ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:${port}/v2/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200
        } catch (IOException notYet) {
        }
        if (!ready) {
            assert podman(['inspect', '--format', '{{.State.Running}}', container]) == 'true':
                    'the container stopped:\n' + podman(['logs', container])
            Thread.sleep(500)
        }
    }
    def logs = podman(['logs', container])
    assert ready: 'the host in the container never became ready:\n' + logs
    assert logs.contains(sha)
    def answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:${port}/functions/model1-prediction-test-1/call"))
            .header('Authorization', 'Bearer image-journey-token').header('Content-Type', 'application/json')
            .POST(HttpRequest.BodyPublishers.ofString('{"data": ' + new File(basedir, 'request.json').text + '}')).build(),
            HttpResponse.BodyHandlers.ofString())
    assert answer.statusCode() == 200: answer.body()
    assert answer.body().contains('20.0')
    // the process in the container is not root
    assert podman(['exec', container, 'java', '-XshowSettings:properties', '-version']).contains('user.name = nonroot')
} finally {
    if (container != null) {
        podman(['rm', '-f', '-t', '1', container])
    }
    if (pulled != null) {
        if (System.getenv('KEEP') == null) podman(['rmi', '-f', pulled])
    }
    registry?.close()
    System.properties.get('mlops.it.image.s3proxy')?.stop()
}
