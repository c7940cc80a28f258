package dev.mlops.maven;

import javax.inject.Inject;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import dev.mlops.core.bundle.Service;
import dev.mlops.core.platform.DeploymentException;
import dev.mlops.core.platform.ModelDeployment;
import dev.mlops.core.settings.Environment;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Moves the alias {@code <model>-<service>-<env>} back to the deployment before the current one, or to
 * {@code -Dversion}, and records it like a deployment.
 */
@Mojo(name = "rollback", requiresProject = false, threadSafe = true)
public class RollbackMojo extends AbstractPlatformMojo {

    @Inject
    public RollbackMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    @Override
    public void execute() throws MojoFailureException {
        if (skipped("rollback")) {
            return;
        }
        chooseModel();
        Environment environment = environment(Environment.DEV);
        Service chosen = services(false).get(0);
        ModelDeployment deployment = deployment(manager(), platform());
        try {
            String target = deployment.rollback(model, chosen, environment, requestedVersion(), who());
            getLog().info("rolled back " + model + "-" + chosen.id() + "-" + environment + " to " + target);
        } catch (DeploymentException e) {
            throw new MojoFailureException(e.getMessage());
        }
    }
}
