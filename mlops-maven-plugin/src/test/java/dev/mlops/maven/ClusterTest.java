package dev.mlops.maven;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterTest {

    @Test
    void withNoKubeconfigOutsideAPodNoClusterIsConfigured(@TempDir Path home) {
        assertThat(Cluster.unconfigured(Map.of(), new Properties(), home)).hasValueSatisfying(reason -> assertThat(
                reason).contains("there is no " + home.resolve(".kube/config") + ", KUBECONFIG is not set"));
        assertThat(Cluster.unconfigured(Map.of("KUBECONFIG", home.resolve("gone").toString()), new Properties(), home))
                .hasValueSatisfying(reason -> assertThat(reason).contains("KUBECONFIG names " + home.resolve("gone")
                        + ", and no such file exists"));
    }

    @Test
    void aKubeconfigAPodOrANamedServerIsEnough(@TempDir Path home) throws Exception {
        Path kubeconfig = Files.writeString(home.resolve("kubeconfig"), "apiVersion: v1\n");
        assertThat(Cluster.unconfigured(Map.of("KUBECONFIG", home.resolve("gone") + java.io.File.pathSeparator
                + kubeconfig), new Properties(), home)).isEmpty();
        assertThat(Cluster.unconfigured(Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1"), new Properties(), home))
                .isEmpty();
        Properties master = new Properties();
        master.setProperty("kubernetes.master", "https://127.0.0.1:6443");
        assertThat(Cluster.unconfigured(Map.of(), master, home)).isEmpty();
        Files.createDirectories(home.resolve(".kube"));
        Files.writeString(home.resolve(".kube/config"), "apiVersion: v1\n");
        assertThat(Cluster.unconfigured(Map.of(), new Properties(), home)).isEmpty();
    }
}
