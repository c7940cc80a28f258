package dev.mlops.maven;

import dev.mlops.core.deployment.DeploymentException;
import dev.mlops.core.deployment.Rollback;
import dev.mlops.core.naming.Alias;
import dev.mlops.core.naming.Environment;
import dev.mlops.core.platform.PlatformException;
import java.time.Clock;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Moves the alias {@code <model>-<service>-<env>} back to the most recent earlier deployment of another version that
 * is still deployed (a second rollback goes one further back), or to {@code -Dversion}, smoke-checks it, and records
 * the move in the ledger with who, when and {@code -Dmlops.reason}.
 */
@Mojo(name = "rollback", requiresProject = false, threadSafe = true)
public class RollbackMojo extends AbstractPlatformMojo {

    /**
     * Why the alias is rolled back, kept in the ledger.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.reason", defaultValue = "")
    private String reason;

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
        Alias alias = new Alias(model, services(false).get(0), environment(Environment.DEV));
        try {
            new Rollback(platform(), Clock.systemUTC(), getLog()::info).rollBack(alias, requestedVersion(), who(),
                    reason == null ? "" : reason);
        } catch (DeploymentException e) {
            throw HelpfulSuggestions.failure(e);
        } catch (PlatformException e) {
            throw HelpfulSuggestions.failure(e);
        }
    }
}
