// Starts a real S3 server for this project's builds: S3Proxy (an S3 API server used in production as a gateway),
// in the invoker's JVM, on loopback, keeping objects under target/s3. Its port reaches the builds through
// .mvn/maven.config; verify.groovy stops it.
import org.gaul.s3proxy.BlobStores
import org.gaul.s3proxy.S3Proxy
import org.gaul.s3proxy.auth.AuthenticationType

// S3Proxy logs through SLF4J to logback, which says everything at DEBUG unless told otherwise.
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
new File(basedir, '.mvn').mkdirs()
new File(basedir, '.mvn/maven.config').text = "-Dmlops.s3.endpoint=http://127.0.0.1:${proxy.port}\n"
System.properties.put('mlops.it.s3proxy', proxy)
return true
