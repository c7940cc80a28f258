// The cluster of this journey, in the invoker's JVM, on loopback. No Kubernetes API server or kubelet can run on these
// machines, so fabric8's kubernetes-server-mock (CRUD mode) is the API server and mlops-core's KubeletStandIn is the
// kubelet: it runs each Deployment's pods as the real function host, fetching the bundle from the store by the
// SHA-256 in the pod's arguments, with the environment the kubelet would give the container (the store's Secret
// included), sets the Deployment's status, and answers the API server's service proxy. The team's store is a real
// S3 server (S3Proxy), and the image registry a real one (Debian's docker-registry), holding a JRE base image made
// from this machine's JDK (mlops-core's TestJreImage: no public registry is reachable here). Their addresses reach
// the builds through .mvn/maven.config; verify.groovy stops them.
import dev.mlops.core.image.LocalRegistry
import dev.mlops.core.image.TestJreImage
import dev.mlops.core.kubernetes.KubeletStandIn
import io.fabric8.kubernetes.api.model.SecretBuilder
import org.gaul.s3proxy.BlobStores
import org.gaul.s3proxy.S3Proxy
import org.gaul.s3proxy.auth.AuthenticationType

def root = org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
if (root.respondsTo('setLevel')) {
    root.level = ch.qos.logback.classic.Level.WARN
}

// The mock API server logs every request at INFO; kept by reference, as java.util.logging holds loggers weakly.
def mockLog = java.util.logging.Logger.getLogger('io.fabric8.mockwebserver')
mockLog.level = java.util.logging.Level.WARNING
System.properties.put('mlops.it.k8s.mocklog', mockLog)

def data = new File(basedir, 'target/s3')
data.mkdirs()
def properties = new Properties()
properties.setProperty('jclouds.filesystem.basedir', data.path)
def blobStore = BlobStores.create('filesystem-nio2', properties)
def proxy = S3Proxy.builder().blobStore(blobStore).endpoint(URI.create('http://127.0.0.1:0'))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, 'mlops-it-access', 'mlops-it-secret-5f2b9c7e').build()
proxy.start()
for (int i = 0; i < 1000 && proxy.state != 'STARTED'; i++) {
    Thread.sleep(10)
}
assert proxy.state == 'STARTED'
blobStore.createContainer('team-models')
System.properties.put('mlops.it.k8s.s3proxy', proxy)

def registry = LocalRegistry.start(new File(basedir, 'target/registry').toPath())
System.properties.put('mlops.it.k8s.registry', registry)
def base = TestJreImage.push(registry, new File(basedir, 'target/test-jre').toPath())

def cluster = new KubeletStandIn(new File(basedir, 'target/pods').toPath())
System.properties.put('mlops.it.k8s.cluster', cluster)
// What the team creates once: the namespace's Secret with the store's keys, which the pods take as environment.
cluster.client().secrets().inNamespace('models').resource(new SecretBuilder().withNewMetadata()
        .withName('mlops-store').withNamespace('models').endMetadata()
        .addToStringData('AWS_ACCESS_KEY_ID', 'mlops-it-access')
        .addToStringData('AWS_SECRET_ACCESS_KEY', 'mlops-it-secret-5f2b9c7e').build()).create()

def kubeconfig = new File(basedir, 'target/kubeconfig')
kubeconfig.text = """\
apiVersion: v1
kind: Config
clusters:
- name: mock
  cluster:
    server: ${cluster.client().configuration.masterUrl}
contexts:
- name: mock
  context:
    cluster: mock
    user: ci
    namespace: models
current-context: mock
users:
- name: ci
  user:
    token: not-a-real-token
"""
new File(basedir, '.mvn').mkdirs()
new File(basedir, '.mvn/maven.config').text = "-Dmlops.s3.endpoint=http://127.0.0.1:${proxy.port}\n" +
        "-Dmlops.kube.config=${kubeconfig.absolutePath}\n" +
        "-Dmlops.store=s3://team-models/k8s\n" +
        "-Dmlops.image.registry=${registry.address()}/team\n" +
        "-Dmlops.image.base=${base}\n" +
        "-Dmlops.image.insecure=true\n"
new File(basedir, 'target/registry-address').text = registry.address()
return true
