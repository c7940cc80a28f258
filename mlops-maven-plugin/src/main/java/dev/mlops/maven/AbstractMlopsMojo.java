package dev.mlops.maven;

import dev.mlops.core.home.MlopsHome;
import dev.mlops.core.naming.FunctionId;
import dev.mlops.core.naming.NamingException;
import dev.mlops.core.platform.DeploymentPlatform;
import dev.mlops.core.platform.LocalPlatform;
import dev.mlops.core.settings.Platform;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What every mlops goal has: the project and build, the skip switch of all goals, and where mlops keeps its things
 * on this machine. Each goal adds its own skip ({@code mlops.<goal>.skip}) and only the parameters it reads.
 */
abstract class AbstractMlopsMojo extends AbstractMojo {

    /**
     * Skips every mlops goal; {@code mlops.<goal>.skip} skips one.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.skip", defaultValue = "false")
    protected boolean skip;

    /**
     * Where mlops keeps its things on this machine: the local platform's deployments and the local artifact store.
     * Default: the environment variable {@code MLOPS_HOME}, else {@code ~/.mlops}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.home")
    protected String home;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

    @Parameter(defaultValue = "${plugin.artifacts}", readonly = true, required = true)
    private List<Artifact> pluginArtifacts;

    /**
     * Libraries of the plugin that a function host does not need, by group: the Kubernetes client and what it
     * brings, jib-core (the host's image) and what it brings, and the reporting API. The libraries jib-core shares
     * with the host's S3 client (Apache's HTTP client, commons-codec, commons-logging) stay. A group left here by
     * mistake shows as a class the host cannot find: every host the tests start runs on this class path, and the
     * image-journey test runs it in the image.
     */
    private static final Set<String> NOT_FOR_THE_HOST = Set.of("io.fabric8", "tools.jackson.core",
            "tools.jackson.dataformat", "org.snakeyaml", "org.apache.maven.reporting", "org.apache.maven.doxia",
            "com.google.cloud.tools", "com.google.http-client", "com.google.auth", "com.google.guava",
            "com.google.code.gson", "com.google.code.findbugs", "com.google.j2objc", "com.google.auto.value",
            "com.google.errorprone", "io.opencensus", "io.grpc", "org.checkerframework", "org.ow2.asm",
            "org.apache.commons", "commons-io", "com.fasterxml.jackson.datatype");

    /**
     * @return the class path a function host runs with in a JVM of its own (and in its image): this plugin's
     *         runtime dependencies, without the Kubernetes client, jib-core and the reporting API
     */
    protected List<Path> hostClassPath() {
        return pluginArtifacts.stream().filter(a -> !NOT_FOR_THE_HOST.contains(a.getGroupId()))
                .map(Artifact::getFile).filter(Objects::nonNull).map(File::toPath).toList();
    }

    /**
     * @param goalSkip the goal's own {@code mlops.<goal>.skip}
     * @return true, after logging so, when the goal is to be skipped
     */
    protected boolean skipped(String goal, boolean goalSkip) {
        if (skip || goalSkip) {
            getLog().info("mlops:" + goal + " skipped (" + (skip ? "mlops.skip" : "mlops." + goal + ".skip") + ")");
            return true;
        }
        return false;
    }

    /**
     * @return the mlops home folder, logging which setting chose it
     */
    protected MlopsHome mlopsHome() {
        MlopsHome resolved = MlopsHome.resolve(Optional.ofNullable(home), Optional.ofNullable(System.getenv(
                MlopsHome.VARIABLE)), Path.of(System.getProperty("user.home")));
        getLog().debug("mlops home " + resolved.folder() + " (from " + resolved.source() + ")");
        return resolved;
    }

    /**
     * @param port the port a host started by the platform listens on; 0 for goals that never start one
     * @return the local platform under the mlops home
     */
    protected LocalPlatform localPlatform(int port) {
        return new LocalPlatform(mlopsHome().folder().resolve("local"), hostClassPath(), port);
    }

    /**
     * The platform a goal that reads or calls works on: {@code -Dmlops.platform}, else the one the project's
     * {@code mlops_settings.yaml} names, else local; for kubernetes, the cluster of the kubeconfig.
     *
     * @param port the port a host started by the local platform listens on; 0 for goals that never start one
     */
    protected DeploymentPlatform platform(String platform, String namespace, String context, File kubeconfig,
                                          int port) throws MojoFailureException {
        if (Cluster.platform(platform, Cluster.projectSettings(project == null ? null : project.getBasedir()))
                != Platform.KUBERNETES) {
            return localPlatform(port);
        }
        KubernetesClient client = Cluster.connect(context, kubeconfig, getLog());
        return Cluster.reading(client, Cluster.namespace(namespace, client));
    }

    /**
     * @return a parameter's value, else the user property of its short form ({@code -Dfunction} beside
     *         {@code -Dmlops.function})
     */
    protected String shortForm(String given, String shortProperty) {
        if (given != null) {
            return given;
        }
        String value = session.getUserProperties().getProperty(shortProperty);
        return value != null ? value : session.getSystemProperties().getProperty(shortProperty);
    }

    /**
     * @param given the goal's {@code mlops.function} parameter
     * @return the function named by {@code -Dmlops.function}, else its short form {@code -Dfunction}
     */
    protected FunctionId functionId(String given) throws MojoFailureException {
        String text = shortForm(given, "function");
        if (text == null || text.isBlank()) {
            throw new MojoFailureException("which function? pass -Dfunction=<externalId or alias>, like"
                    + " -Dfunction=model1-prediction-test; mvn mlops:functions lists them");
        }
        try {
            return FunctionId.of(text.strip());
        } catch (NamingException e) {
            throw HelpfulSuggestions.failure(e, "-Dfunction");
        }
    }

    protected boolean interactive() {
        return session.getRequest().isInteractiveMode() && System.console() != null;
    }

    /** Who is working, as recorded with versions and deployments: the GitHub actor in CI, else the user. */
    protected static String who() {
        String actor = System.getenv("GITHUB_ACTOR");
        return actor != null && !actor.isBlank() ? actor : System.getProperty("user.name", "unknown");
    }
}
