package dev.mlops.bench;

import dev.mlops.core.image.LocalRegistry;
import dev.mlops.core.image.TestJreImage;
import dev.mlops.core.kubernetes.KubeletStandIn;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;

/**
 * The cluster of {@code bench/kubernetes.sh}, on loopback: no Kubernetes API server can run on these machines, so
 * fabric8's mock API server in CRUD mode stands in for it, and {@code KubeletStandIn} (mlops-core's tests) for the
 * kubelet: it runs each pod's real function host, which fetches its bundle from the store. The store is S3Proxy.
 * The image registry is a real one, Debian's docker-registry ({@code LocalRegistry}), holding a JRE base image made
 * from this machine's JDK ({@code TestJreImage}: no public registry is reachable here) for the host's image.
 * Writes {@code kubeconfig}, {@code maven.config}, {@code settings.xml} and {@code registry-address} into the
 * folder given, then serves until a file {@code stop} appears there (an hour at most).
 */
public final class BenchCluster {

    static final String ACCESS = "mlops-bench-access";
    static final String SECRET = "mlops-bench-secret-2f7c";

    private BenchCluster() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        Files.createDirectories(folder.resolve("s3"));
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", folder.resolve("s3").toString());
        var blobs = BlobStores.create("filesystem-nio2", properties);
        S3Proxy proxy = S3Proxy.builder().blobStore(blobs).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET).build();
        proxy.start();
        for (int i = 0; i < 1000 && !"STARTED".equals(proxy.getState()); i++) {
            Thread.sleep(10);
        }
        blobs.createContainer("bench-models");
        java.util.logging.Logger quiet = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");
        quiet.setLevel(java.util.logging.Level.WARNING);
        try (KubeletStandIn cluster = new KubeletStandIn(folder.resolve("pods"));
             LocalRegistry registry = LocalRegistry.start(Files.createDirectories(folder.resolve("registry")))) {
            String base = TestJreImage.push(registry, folder.resolve("test-jre"));
            Files.writeString(folder.resolve("registry-address"), registry.address() + "\n");
            cluster.client().secrets().inNamespace("models").resource(new SecretBuilder().withNewMetadata()
                    .withName("mlops-store").withNamespace("models").endMetadata()
                    .addToStringData("AWS_ACCESS_KEY_ID", ACCESS).addToStringData("AWS_SECRET_ACCESS_KEY", SECRET)
                    .build()).create();
            Path kubeconfig = folder.resolve("kubeconfig");
            Files.writeString(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    clusters:
                    - name: bench
                      cluster:
                        server: %s
                    contexts:
                    - name: bench
                      context: {cluster: bench, user: bench, namespace: models}
                    current-context: bench
                    users:
                    - name: bench
                      user: {token: not-a-real-token}
                    """.formatted(cluster.client().getConfiguration().getMasterUrl()));
            Files.writeString(folder.resolve("maven.config"), "-Dmlops.s3.endpoint=http://127.0.0.1:"
                    + proxy.getPort() + "\n-Dmlops.kube.config=" + kubeconfig + "\n-Dmlops.store=s3://bench-models/k8s\n"
                    + "-Dmlops.kube.storeSecret=mlops-store\n-Dmlops.image.registry=" + registry.address() + "/bench\n"
                    + "-Dmlops.image.base=" + base + "\n-Dmlops.image.insecure=true\n");
            Files.writeString(folder.resolve("settings.xml"), """
                    <settings><servers><server><id>mlops-store</id><username>%s</username>
                    <password>%s</password></server></servers></settings>
                    """.formatted(ACCESS, SECRET));
            Files.writeString(folder.resolve("ready"), "ready\n");
            System.out.println("bench cluster ready in " + folder);
            // Serves until the script asks it to stop, or for an hour at most.
            for (int i = 0; i < 18_000 && !Files.exists(folder.resolve("stop")); i++) {
                Thread.sleep(200);
            }
            System.out.println("pod starts (ms): " + String.join(" ", cluster.podStarts().stream()
                    .map(d -> String.valueOf(d.toMillis())).toList()));
        } finally {
            proxy.stop();
        }
    }
}
