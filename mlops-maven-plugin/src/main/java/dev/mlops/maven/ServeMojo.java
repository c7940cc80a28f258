package dev.mlops.maven;

import dev.mlops.core.host.FunctionHost;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Runs the function host in the foreground until Ctrl-C, serving every bundle in the deployment folder and picking
 * up new, replaced and removed bundles as they appear. API: {@code POST /functions/{externalId}/call}, {@code GET
 * /functions}, the Open Inference Protocol under {@code /v2}, Prometheus metrics at {@code /metrics}.
 * In a multi-module build it runs once, not once per module.
 */
@Mojo(name = "serve", requiresProject = false, aggregator = true, threadSafe = true)
public class ServeMojo extends AbstractHostMojo {

    /**
     * Skips this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.serve.skip", defaultValue = "false")
    private boolean skipServe;

    @Inject
    public ServeMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    @Override
    public void execute() throws MojoExecutionException {
        if (skipped("serve", skipServe)) {
            return;
        }
        FunctionHost host;
        try {
            host = FunctionHost.start(hostOptions());
        } catch (IOException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            host.close();
            stopped.countDown();
        }, "mlops-serve-shutdown"));
        getLog().info("function host on http://" + host.options().bind() + ":" + host.port() + " serving "
                + host.options().deployments() + "; Ctrl-C stops it");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            host.close();
        }
    }
}
