package dev.mlops.core.bundle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The commit a model is built from: {@code GITHUB_SHA} in GitHub Actions, else what {@code git} says. */
public final class GitCommit {

    private GitCommit() {
    }

    /**
     * @param folder      a folder inside the repository
     * @param environment the build's environment variables
     * @return the full commit hash, or empty outside a git repository or without git
     */
    public static Optional<String> of(Path folder, Map<String, String> environment) {
        String fromCi = environment.get("GITHUB_SHA");
        if (fromCi != null && fromCi.matches("[0-9a-f]{40}")) {
            return Optional.of(fromCi);
        }
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "HEAD").directory(folder.toFile())
                    .redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (git.waitFor(10, TimeUnit.SECONDS) && git.exitValue() == 0 && out.matches("[0-9a-f]{40}")) {
                return Optional.of(out);
            }
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }
}
