package dev.mlops.maven;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.client.FunctionAnswer;
import dev.mlops.core.json.Json;
import dev.mlops.core.naming.FunctionId;
import dev.mlops.core.platform.DeploymentPlatform;
import dev.mlops.core.platform.PlatformException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Calls a deployed service of the local platform and prints its answer: {@code -Dfunction=<externalId or alias>
 * -Ddata='{"ACS": [1.0]}'}, or {@code -Ddata=@request.json} to read the data from a file. It never starts a host: when
 * none runs it says so. In a multi-module build it runs once, not once per module.
 */
@Mojo(name = "call", requiresProject = false, aggregator = true, threadSafe = true)
public class CallMojo extends AbstractMlopsMojo {

    /**
     * Skips this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.call.skip", defaultValue = "false")
    private boolean skipCall;

    /**
     * The function: an external id such as {@code model1-prediction-test-3}, or an alias such as
     * {@code model1-prediction-test}; {@code -Dfunction} for short.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.function")
    private String function;

    /**
     * The request's {@code data} as JSON, or {@code @file} to read it from a file; {@code -Ddata} for short.
     * Default: {@code null}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.data")
    private String data;

    /**
     * Keep the prediction as a file on the host and print the file's id ({@code GET /files/<id>} returns it).
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.toFile", defaultValue = "false")
    private boolean toFile;

    /**
     * Seconds the call may take.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.callTimeout", defaultValue = "60")
    private int callTimeout;


    /**
     * The platform: {@code local} or {@code kubernetes}. Default: the one the project's {@code mlops_settings.yaml}
     * names, else local.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.platform")
    private String platform;

    /**
     * For {@code kubernetes}: the namespace. Default: the kubeconfig context's, else {@code default}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.kube.namespace")
    private String kubeNamespace;

    /**
     * For {@code kubernetes}: the kubeconfig context; default its current context.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.kube.context")
    private String kubeContext;

    /**
     * For {@code kubernetes}: the kubeconfig file. Default: {@code KUBECONFIG}, else {@code ~/.kube/config}, else
     * the pod's service account inside a cluster.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.kube.config")
    private File kubeConfig;

    @Override
    public void execute() throws MojoFailureException {
        if (skipped("call", skipCall)) {
            return;
        }
        FunctionId id = functionId(function);
        if (callTimeout < 1) {
            throw new MojoFailureException("-Dmlops.callTimeout=" + callTimeout + " is not a number of seconds");
        }
        JsonNode request = data();
        DeploymentPlatform platform = platform(this.platform, kubeNamespace, kubeContext, kubeConfig, 0);
        FunctionAnswer answer;
        try {
            answer = platform.call(id, request, toFile, Duration.ofSeconds(callTimeout));
        } catch (PlatformException e) {
            throw HelpfulSuggestions.failure(e);
        }
        if (answer.status() == 404) {
            throw new MojoFailureException(id + " is not deployed on the " + platform.name() + " platform; mvn"
                    + " mlops:functions lists what is");
        }
        if (!answer.ok()) {
            throw new MojoFailureException(id + " answered HTTP " + answer.status() + ": " + answer.body());
        }
        getLog().info(id + " answered HTTP " + answer.status() + (toFile ? "; the prediction is the file "
                + answer.body().path("prediction_file").asText() : ":"));
        String printed = toFile ? answer.body().path("prediction_file").asText() : answer.body().toString();
        System.out.println(printed);
    }

    private JsonNode data() throws MojoFailureException {
        String given = shortForm(data, "data");
        String json = given == null ? "null" : given;
        String source = "-Ddata";
        if (json.startsWith("@")) {
            source = json.substring(1);
            try {
                json = Files.readString(Path.of(source));
            } catch (java.nio.file.NoSuchFileException e) {
                throw new MojoFailureException("there is no file " + source + " to read the request data from"
                        + " (-Ddata=@<file>)");
            } catch (IOException | java.nio.file.InvalidPathException e) {
                throw new MojoFailureException("cannot read the request data from " + source + ": " + e.getMessage()
                        + " (-Ddata=@<file>)");
            }
        }
        try {
            JsonNode parsed = Json.DATA.readTree(json);
            if (parsed == null || parsed.isMissingNode()) {
                throw new MojoFailureException("the request data in " + source + " is empty; give JSON such as"
                        + " -Ddata='{\"ACS\": [1.0]}'");
            }
            return parsed;
        } catch (JsonProcessingException e) {
            throw new MojoFailureException("the request data in " + source + " is not JSON: "
                    + e.getOriginalMessage());
        }
    }
}
