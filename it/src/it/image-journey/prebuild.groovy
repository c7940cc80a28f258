// What this journey needs on loopback, in the invoker's JVM: a real image registry (Debian's docker-registry, the
// CNCF distribution registry; see mlops-core's LocalRegistry), a JRE base image in it (no public registry is
// reachable from these machines, so mlops-core's TestJreImage builds one from this machine's JDK with jlink), and the
// team's store, a real S3 server (S3Proxy). Their addresses reach the builds through .mvn/maven.config; verify.groovy
// stops them.
import dev.mlops.core.image.LocalRegistry
import dev.mlops.core.image.TestJreImage
import org.gaul.s3proxy.BlobStores
import org.gaul.s3proxy.S3Proxy
import org.gaul.s3proxy.auth.AuthenticationType

def root = org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
if (root.respondsTo('setLevel')) {
    root.level = ch.qos.logback.classic.Level.WARN
}

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
System.properties.put('mlops.it.image.s3proxy', proxy)

def registry = LocalRegistry.start(new File(basedir, 'target/registry').toPath())
System.properties.put('mlops.it.image.registry', registry)
def base = TestJreImage.push(registry, new File(basedir, 'target/test-jre').toPath())

new File(basedir, '.mvn').mkdirs()
new File(basedir, '.mvn/maven.config').text = "-Dmlops.s3.endpoint=http://127.0.0.1:${proxy.port}\n" +
        "-Dmlops.store=s3://team-models/images\n" +
        "-Dmlops.image.registry=${registry.address()}/team\n" +
        "-Dmlops.image.base=${base}\n" +
        "-Dmlops.image.insecure=true\n"
new File(basedir, 'target/base-image.txt').text = base
return true
