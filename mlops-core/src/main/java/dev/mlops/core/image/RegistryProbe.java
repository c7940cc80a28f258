package dev.mlops.core.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.json.Json;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks a registry whether it holds a tag, without pulling or pushing anything: one {@code HEAD} of the tag's
 * manifest, as the OCI distribution specification defines it ({@code /v2/<name>/manifests/<reference>}), with the
 * registry's own authentication (the token flow of the Docker registry's {@code WWW-Authenticate: Bearer}, or basic).
 * This is how a deployment learns that the host's image is already pushed, so a new model version sends the registry
 * no image bytes.
 */
final class RegistryProbe {

    private static final String ACCEPT = String.join(", ",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.list.v2+json");
    private static final Pattern PARAMETER = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** No redirects: a followed one would carry the registry's Authorization header to wherever it points. */
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final boolean allowInsecure;

    /**
     * @param allowInsecure whether a registry that does not speak HTTPS may be asked over plain HTTP
     */
    RegistryProbe(boolean allowInsecure) {
        this.allowInsecure = allowInsecure;
    }

    /**
     * @param registry   the registry's host (and port)
     * @param repository the repository in it
     * @param tag        the tag
     * @param login      the credentials to use, if any
     * @return the digest of the tag's manifest, or empty when the registry does not hold the tag
     * @throws IOException when the registry cannot be reached or refuses the credentials
     */
    Optional<String> manifestDigest(String registry, String repository, String tag, Optional<RegistryLogin> login)
            throws IOException {
        String path = "/v2/" + repository + "/manifests/" + tag;
        try {
            return manifestDigest(URI.create("https://" + registry + path), repository, login);
        } catch (IOException e) {
            if (!allowInsecure || e instanceof RegistryRefusal) {
                throw e;
            }
            return manifestDigest(URI.create("http://" + registry + path), repository, login);
        }
    }

    private Optional<String> manifestDigest(URI manifest, String repository, Optional<RegistryLogin> login)
            throws IOException {
        HttpResponse<Void> response = head(manifest, Optional.empty());
        Optional<String> authorization = Optional.empty();
        if (response.statusCode() == 401) {
            String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
            authorization = Optional.of(authorization(challenge, repository, login, manifest));
            response = head(manifest, authorization);
        }
        switch (response.statusCode()) {
            case 200:
                Optional<String> digest = response.headers().firstValue("Docker-Content-Digest");
                return Optional.of(digest.isPresent() ? digest.get() : digestOfBody(manifest, authorization));
            case 404:
                return Optional.empty();
            case 401, 403:
                throw new RegistryRefusal("the registry " + manifest.getAuthority() + " refused "
                        + (login.isPresent() ? "the credentials from " + login.get().source()
                        : "an anonymous request") + " to read " + repository + " (HTTP " + response.statusCode()
                        + ")");
            default:
                throw new IOException("the registry " + manifest.getAuthority() + " answered HTTP "
                        + response.statusCode() + " to " + manifest);
        }
    }

    private String authorization(String challenge, String repository, Optional<RegistryLogin> login, URI manifest)
            throws IOException {
        String scheme = challenge.split(" ", 2)[0].toLowerCase(Locale.ROOT);
        if (scheme.equals("basic")) {
            if (login.isEmpty()) {
                throw new RegistryRefusal("the registry " + manifest.getAuthority() + " asks for a user name and"
                        + " password, and none was found for it");
            }
            return basic(login.get());
        }
        if (!scheme.equals("bearer")) {
            throw new IOException("the registry " + manifest.getAuthority() + " asks for an authentication this"
                    + " client does not speak: " + challenge);
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        Matcher matcher = PARAMETER.matcher(challenge);
        while (matcher.find()) {
            parameters.put(matcher.group(1).toLowerCase(Locale.ROOT), matcher.group(2));
        }
        String realm = parameters.get("realm");
        if (realm == null) {
            throw new IOException("the registry " + manifest.getAuthority() + " asks for a token without naming"
                    + " where to get it: " + challenge);
        }
        StringBuilder query = new StringBuilder();
        if (parameters.containsKey("service")) {
            query.append("service=").append(URLEncoder.encode(parameters.get("service"), StandardCharsets.UTF_8));
        }
        query.append(query.isEmpty() ? "" : "&").append("scope=")
                .append(URLEncoder.encode("repository:" + repository + ":pull", StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(realm + (realm.contains("?") ? "&" : "?")
                + query)).timeout(TIMEOUT).GET();
        login.ifPresent(l -> request.header("Authorization", basic(l)));
        HttpResponse<byte[]> token = send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (token.statusCode() != 200) {
            throw new RegistryRefusal("the token service of " + manifest.getAuthority() + " refused "
                    + login.map(l -> "the credentials from " + l.source()).orElse("an anonymous request")
                    + " (HTTP " + token.statusCode() + ")");
        }
        JsonNode answer = Json.DATA.readTree(token.body());
        String value = answer.path("token").asText(answer.path("access_token").asText(""));
        if (value.isEmpty()) {
            throw new IOException("the token service of " + manifest.getAuthority() + " answered without a token");
        }
        return "Bearer " + value;
    }

    private HttpResponse<Void> head(URI manifest, Optional<String> authorization) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(manifest).timeout(TIMEOUT)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("Accept", ACCEPT);
        authorization.ifPresent(value -> request.header("Authorization", value));
        return send(request.build(), HttpResponse.BodyHandlers.discarding());
    }

    private String digestOfBody(URI manifest, Optional<String> authorization) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(manifest).timeout(TIMEOUT).GET().header("Accept",
                ACCEPT);
        authorization.ifPresent(value -> request.header("Authorization", value));
        byte[] body = send(request.build(), HttpResponse.BodyHandlers.ofByteArray()).body();
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) throws IOException {
        try {
            return http.send(request, body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking " + request.uri().getAuthority(), e);
        }
    }

    private static String basic(RegistryLogin login) {
        return "Basic " + Base64.getEncoder().encodeToString((login.username() + ":" + login.password())
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The registry answered, and refused: no point asking again over HTTP. */
    static final class RegistryRefusal extends IOException {
        RegistryRefusal(String message) {
            super(message);
        }
    }
}
