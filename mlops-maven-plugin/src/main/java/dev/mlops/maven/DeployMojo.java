package dev.mlops.maven;

import javax.inject.Inject;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import dev.mlops.core.bundle.AliasFile;
import dev.mlops.core.bundle.GitCommit;
import dev.mlops.core.bundle.Service;
import dev.mlops.core.platform.DeploymentException;
import dev.mlops.core.platform.DeploymentPlatform;
import dev.mlops.core.platform.ModelDeployment;
import dev.mlops.core.registry.ModelManager;
import dev.mlops.core.registry.Promotion;
import dev.mlops.core.registry.RegistryException;
import dev.mlops.core.settings.Environment;
import dev.mlops.core.settings.ModelSettings;
import dev.mlops.core.settings.Settings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Deploys every model of the settings (or {@code -Dmodel}) to the local platform: resolves the artifact version
 * ({@code dev}: the local {@code artifact_folder} as version 1; {@code test}: pinned or latest; {@code prod}: pinned
 * or latest promoted), builds the bundle, runs the service test, deploys {@code <model>-<service>-<env>-<version>}
 * and smoke-calls it, moves the alias {@code <model>-<service>-<env>} and smoke-calls it (restoring the previous
 * target on failure), records the deployment for {@code mlops:rollback}, and removes versioned deployments beyond
 * {@code models_to_keep}. The environment comes from {@code -Denv}, else {@code MODEL_ENV}, else {@code dev}. One
 * model's failure does not stop the others; the build fails at the end naming each.
 */
@Mojo(name = "deploy", defaultPhase = LifecyclePhase.DEPLOY, requiresDependencyResolution = ResolutionScope.RUNTIME,
        threadSafe = true)
public class DeployMojo extends AbstractPlatformMojo {

    /**
     * Stop after the service test and deploy nothing; also set by the environment variable {@code TESTING_ONLY=true}.
     */
    @Parameter(property = "mlops.testingOnly", defaultValue = "false")
    private boolean testingOnly;

    /**
     * Print what would be deployed and change nothing.
     */
    @Parameter(property = "mlops.dryRun", defaultValue = "false")
    private boolean dryRun;

    /**
     * With {@code -Denv=prod}: first promote the version the test alias serves to prod, then deploy it; the manual
     * prod run of the generated workflow does this.
     */
    @Parameter(property = "mlops.promote", defaultValue = "false")
    private boolean promote;

    @Parameter(defaultValue = "${plugin.version}", readonly = true)
    private String mlopsVersion;

    /** The version the test alias serves, promoted to prod (a no-op when prod has it already). */
    private void promoteServedVersion(ModelSettings settings, ModelManager manager,
                                      DeploymentPlatform platform)
            throws DeploymentException {
        String alias = settings.modelName() + "-prediction-test";
        try {
            AliasFile served = platform.alias(alias).orElseThrow(() -> new DeploymentException(settings.modelName()
                    + ": " + alias + " is not deployed, so there is nothing to promote; deploy to test first"));
            Promotion promotion = manager.promote(settings.modelName(), Environment.PROD,
                    OptionalInt.of(served.version()));
            getLog().info(settings.modelName() + ": " + (promotion.created() ? "promoted "
                    + promotion.version().promotedFrom() + " to " + promotion.version().id()
                    : promotion.version().id() + " already holds " + settings.modelName() + "/test/"
                    + served.version()));
        } catch (RegistryException | IOException e) {
            throw new DeploymentException(settings.modelName() + ": cannot promote to prod: " + e.getMessage(), e);
        }
    }

    @Inject
    public DeployMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    @Override
    public void execute() throws MojoFailureException {
        if (skipped("deploy")) {
            return;
        }
        Settings settings = readSettings();
        Environment environment = environment(Environment.DEV);
        List<Service> services = services(true);
        boolean onlyTest = testingOnly || "true".equalsIgnoreCase(System.getenv("TESTING_ONLY"));
        Optional<String> commit = GitCommit.of(project.getBasedir().toPath(), System.getenv());
        List<String> failures = new ArrayList<>();
        Optional<DeploymentPlatform> used = Optional.empty();
        for (ModelSettings model : settings.models()) {
            if (this.model != null && !this.model.equals(model.modelName())) {
                continue;
            }
            DeploymentPlatform platform;
            try {
                platform = platform(model.platform());
            } catch (MojoFailureException e) {
                failures.add(model.modelName() + ": " + e.getMessage());
                continue;
            }
            used = Optional.of(platform);
            ModelManager manager = manager(model.dataset());
            ModelDeployment deployment = deployment(manager, platform);
            if (promote && environment == Environment.PROD && !dryRun) {
                try {
                    promoteServedVersion(model, manager, platform);
                } catch (DeploymentException e) {
                    getLog().error(e.getMessage());
                    failures.add(e.getMessage());
                    continue;
                }
            }
            for (Service service : services) {
                if (service == Service.TRAINING && model.training().isEmpty()) {
                    continue;
                }
                try {
                    deployment.deploy(new ModelDeployment.Request(model, service, environment, modelClassPath(),
                            commit, who(), mlopsVersion, buildTime(), onlyTest, dryRun));
                } catch (DeploymentException e) {
                    getLog().error(e.getMessage());
                    failures.add(e.getMessage());
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new MojoFailureException("deployment to " + environment + " failed for " + failures.size()
                    + (failures.size() == 1 ? " service" : " services") + ":\n" + String.join("\n", failures));
        }
        if (!dryRun && !onlyTest && used.isPresent()) {
            DeploymentPlatform platform = used.get();
            try {
                platform.endpoint().ifPresent(url -> getLog().info("the " + platform.name() + " platform serves on "
                        + url));
            } catch (IOException e) {
                getLog().debug("cannot ask the platform where it serves: " + e.getMessage());
            }
        }
    }
}
