package dev.mlops.maven;

import javax.inject.Inject;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import dev.mlops.core.platform.DeploymentPlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Calls a deployed service of the local platform and prints its answer: {@code -Dfunction=<externalId or alias>
 * -Ddata='{"ACS": [1.0]}'}, or {@code -Ddata=@request.json} to read the data from a file.
 * In a multi-module build it runs once, not once per module.
 */
@Mojo(name = "call", requiresProject = false, aggregator = true, threadSafe = true)
public class CallMojo extends AbstractPlatformMojo {

    /**
     * The function: an external id such as {@code model1-prediction-test-3}, or an alias such as
     * {@code model1-prediction-test}.
     */
    @Parameter(property = "function", required = true)
    private String function;

    /**
     * The request's {@code data} as JSON, or {@code @file} to read it from a file.
     */
    @Parameter(property = "data", defaultValue = "null")
    private String data;

    @Inject
    public CallMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skipped("call")) {
            return;
        }
        try {
            String json = data.startsWith("@") ? Files.readString(Path.of(data.substring(1))) : data;
            DeploymentPlatform.Answer answer = platform().call(function, "{\"data\": " + json + "}", Duration.ofSeconds(5));
            getLog().info(function + " answered HTTP " + answer.status() + ":");
            System.out.println(answer.body());
            if (answer.status() != 200) {
                throw new MojoFailureException(function + " answered HTTP " + answer.status() + ": " + answer.body());
            }
        } catch (IOException e) {
            throw new MojoExecutionException("cannot call " + function + ": " + e.getMessage(), e);
        }
    }
}
