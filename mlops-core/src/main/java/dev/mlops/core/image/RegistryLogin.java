package dev.mlops.core.image;

import java.util.Objects;

/**
 * A user name and password for a container registry, and where they came from. The source is what logs show; the
 * password never appears in a log, a message or {@link #toString()}.
 *
 * @param username the user name
 * @param password the password or token
 * @param source   where they came from, such as {@code settings.xml server 'registry.example.com'}
 */
public record RegistryLogin(String username, String password, String source) {

    public RegistryLogin {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(source, "source");
    }

    @Override
    public String toString() {
        return "RegistryLogin[" + username + " from " + source + "]";
    }
}
