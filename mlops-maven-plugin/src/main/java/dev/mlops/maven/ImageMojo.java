package dev.mlops.maven;

import dev.mlops.core.image.HostImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Builds the function host's image for Kubernetes pods with jib-core, without a Docker daemon, and pushes it to
 * {@code -Dmlops.image.registry} unless the registry already holds it; {@code mlops:deploy} and
 * {@code mlops:manifests} do the same on their own, so this goal is for teams that push the image in a step of
 * their own. The image is the base JRE, the host's libraries, the snapshot libraries and mlops's jars in layers of
 * their own, running as user 65532; the same mlops version on the same base gives the same digest. The goal prints
 * the image's reference with its digest and writes it to {@code target/mlops/host-image.txt}.
 */
@Mojo(name = "image", threadSafe = true)
public class ImageMojo extends AbstractImageMojo {

    /**
     * Skips this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.image.skip", defaultValue = "false")
    private boolean skipImage;

    @Inject
    public ImageMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    @Override
    public void execute() throws MojoFailureException {
        if (skipped("image", skipImage)) {
            return;
        }
        if (image != null && !image.isBlank()) {
            throw new MojoFailureException("-Dmlops.image names an image built elsewhere: mlops:image builds its own;"
                    + " name the registry it goes to with -Dmlops.image.registry");
        }
        if (imageRegistry == null || imageRegistry.isBlank()) {
            throw new MojoFailureException("name the registry the function host's image goes to with"
                    + " -Dmlops.image.registry, such as registry.example.com/team or localhost:5000");
        }
        HostImage.Result result = ensureImage();
        getLog().info("host image: " + result.reference() + (result.pushed() ? " (pushed)"
                : " (already in the registry)"));
        Path file = Path.of(project.getBuild().getDirectory(), "mlops", "host-image.txt");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, result.reference() + "\n");
        } catch (IOException e) {
            throw new MojoFailureException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
