package dev.mlops.core.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The host's image against a real registry (Debian's docker-registry on loopback), built by jib-core on a JRE base
 * image the test makes itself ({@link TestJreImage}: these machines reach no public registry). Running the image is
 * the image-journey invoker test's part (podman and runc).
 */
@Tag("integration")
class HostImageIT {

    private static LocalRegistry registry;
    private static String base;
    private static Path work;

    @BeforeAll
    static void registry() throws Exception {
        work = Files.createDirectories(Path.of("target", "host-image-it"));
        registry = LocalRegistry.start(Files.createTempDirectory(work, "registry"));
        base = TestJreImage.push(registry, Path.of("target", "test-jre"));
    }

    @AfterAll
    static void stop() throws Exception {
        registry.close();
    }

    @Test
    void pushesOnceAndThenNothing(@TempDir Path temporary) throws Exception {
        List<String> logged = new ArrayList<>();
        HostImage image = new HostImage(logged::add, line -> { });
        HostImage.Request request = request(registry.address() + "/once", classPath(temporary), temporary);

        int writesBefore = registry.writes().size();
        HostImage.Result first = image.ensure(request);
        int writesAfterFirst = registry.writes().size();
        long storedAfterFirst = registry.storedBytes();
        HostImage.Result second = image.ensure(request);

        assertThat(first.pushed()).isTrue();
        assertThat(writesAfterFirst).isGreaterThan(writesBefore);
        assertThat(first.reference()).isEqualTo(registry.address() + "/once/mlops-host:" + HostImage.tag(request)
                + "@" + first.digest());
        assertThat(second.pushed()).isFalse();
        assertThat(second.digest()).isEqualTo(first.digest());
        assertThat(registry.writes()).hasSize(writesAfterFirst);
        assertThat(registry.storedBytes()).isEqualTo(storedAfterFirst);
        assertThat(logged).anyMatch(line -> line.contains("is in the registry") && line.contains("nothing to push"));
    }

    @Test
    void theSameInputsGiveTheSameDigest(@TempDir Path temporary) throws Exception {
        HostImage image = new HostImage(line -> { }, line -> { });
        List<Path> classPath = classPath(temporary);

        HostImage.Result one = image.ensure(request(registry.address() + "/first", classPath, temporary));
        HostImage.Result two = image.ensure(request(registry.address() + "/second", classPath,
                Files.createDirectory(temporary.resolve("other-work"))));

        assertThat(one.pushed()).isTrue();
        assertThat(two.pushed()).isTrue();
        assertThat(two.digest()).isEqualTo(one.digest());
    }

    @Test
    void theImageRunsTheHostAsAnUnprivilegedUserFromLayersOfItsOwn(@TempDir Path temporary) throws Exception {
        HostImage.Request request = request(registry.address() + "/layers", classPath(temporary), temporary);
        HostImage.Result result = new HostImage(line -> { }, line -> { }).ensure(request);

        JsonNode manifest = get("/v2/layers/mlops-host/manifests/" + result.digest());
        JsonNode config = get("/v2/layers/mlops-host/blobs/" + manifest.path("config").path("digest").asText());
        JsonNode baseManifest = get("/v2/mlops-test-jre/manifests/" + base.substring(base.indexOf('@') + 1));

        assertThat(manifest.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        assertThat(config.path("config").path("User").asText()).isEqualTo("65532:65532");
        assertThat(config.path("config").path("Entrypoint").get(0).asText()).isEqualTo("java");
        assertThat(config.path("config").path("Entrypoint").toString()).contains(HostImage.MAIN_CLASS,
                "/opt/mlops/lib/snakeyaml");
        assertThat(config.path("config").path("Env").toString()).contains("PATH=/opt/java/bin");
        assertThat(config.path("config").path("WorkingDir").asText()).isEqualTo(HostImage.STATE);
        assertThat(config.path("config").path("Labels").path("org.opencontainers.image.version").asText())
                .isEqualTo("1.2.3-SNAPSHOT");
        // the base's layers, then libraries, snapshot libraries, mlops's jar and the state folder
        assertThat(manifest.path("layers").size()).isEqualTo(baseManifest.path("layers").size() + 4);
        assertThat(config.path("created").asText()).startsWith("1970-01-01T00:00:00");
    }

    @Test
    void anotherBaseIsAnotherTag(@TempDir Path temporary) throws Exception {
        List<Path> classPath = classPath(temporary);
        HostImage.Request request = request(registry.address() + "/bases", classPath, temporary);
        HostImage.Request rebased = new HostImage.Request(base.substring(0, base.indexOf('@')), request.registry(),
                request.mlopsVersion(), classPath, Optional.empty(), Optional.empty(), request.dockerConfig(), true,
                temporary);

        assertThat(HostImage.tag(rebased)).isNotEqualTo(HostImage.tag(request)).startsWith("1.2.3-SNAPSHOT-");
    }

    @Test
    void credentialsFromDockersConfigAreUsedAndOnlyTheirSourceIsLogged(@TempDir Path temporary) throws Exception {
        Path config = temporary.resolve("config.json");
        Files.writeString(config, "{\"auths\": {\"" + registry.address() + "\": {\"auth\": \""
                + Base64.getEncoder().encodeToString("ci:s3cr3t-pa55".getBytes()) + "\"}}}");
        List<String> logged = new ArrayList<>();
        HostImage.Request request = request(registry.address() + "/auth", classPath(temporary), temporary);
        HostImage.Result result = new HostImage(logged::add, logged::add).ensure(new HostImage.Request(
                request.base(), request.registry(), request.mlopsVersion(), request.classPath(), Optional.empty(),
                Optional.empty(), config, true, temporary));

        assertThat(result.credentialSource()).isEqualTo("Docker's config " + config);
        assertThat(logged).anyMatch(line -> line.contains("registry credentials from Docker's config " + config));
        assertThat(String.join("\n", logged)).doesNotContain("s3cr3t-pa55");
    }

    @Test
    void aLoginFromSettingsComesFirst(@TempDir Path temporary) throws Exception {
        List<String> logged = new ArrayList<>();
        HostImage.Request request = request(registry.address() + "/settings", classPath(temporary), temporary);
        HostImage.Result result = new HostImage(logged::add, logged::add).ensure(new HostImage.Request(
                request.base(), request.registry(), request.mlopsVersion(), request.classPath(),
                Optional.of(new RegistryLogin("ci", "t0ken-value", "settings.xml server '" + registry.address()
                        + "'")), Optional.empty(), temporary.resolve("none.json"), true, temporary));

        assertThat(result.credentialSource()).isEqualTo("settings.xml server '" + registry.address() + "'");
        assertThat(String.join("\n", logged)).doesNotContain("t0ken-value");
    }

    @Test
    void aRegistryThatAsksForALoginGetsTheOneFromSettingsAndRefusesAWrongOne(@TempDir Path temporary)
            throws Exception {
        try (LocalRegistry guarded = LocalRegistry.startWithLogin(Files.createTempDirectory(work, "guarded"), "ci",
                "r1ght-pa55")) {
            List<String> logged = new ArrayList<>();
            HostImage image = new HostImage(logged::add, logged::add);
            HostImage.Request request = new HostImage.Request(base, guarded.address() + "/team", "1.2.3-SNAPSHOT",
                    classPath(temporary), Optional.of(new RegistryLogin("ci", "r1ght-pa55", "settings.xml server '"
                    + guarded.address() + "'")), Optional.empty(), temporary.resolve("none.json"), true, temporary);

            HostImage.Result pushed = image.ensure(request);
            HostImage.Result found = image.ensure(request);

            assertThat(pushed.pushed()).isTrue();
            assertThat(found.pushed()).isFalse();
            assertThat(found.digest()).isEqualTo(pushed.digest());
            assertThat(String.join("\n", logged)).doesNotContain("r1ght-pa55");

            HostImage.Request wrong = new HostImage.Request(base, request.registry(), request.mlopsVersion(),
                    request.classPath(), Optional.of(new RegistryLogin("ci", "wr0ng-pa55", "settings.xml server 'x'")),
                    Optional.empty(), request.dockerConfig(), true, temporary);
            assertThatThrownBy(() -> image.ensure(wrong)).isInstanceOf(ImageException.class)
                    .hasMessageContaining("refused the credentials from settings.xml server 'x'")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wr0ng-pa55"));
            HostImage.Request anonymous = new HostImage.Request(base, request.registry(), request.mlopsVersion(),
                    request.classPath(), Optional.empty(), Optional.empty(), request.dockerConfig(), true, temporary);
            assertThatThrownBy(() -> image.ensure(anonymous)).isInstanceOf(ImageException.class)
                    .hasMessageContaining("asks for a user name and password, and none was found for it");
        }
    }

    @Test
    void badRegistriesAreRefusedWithTheReason(@TempDir Path temporary) throws Exception {
        HostImage image = new HostImage(line -> { }, line -> { });
        List<Path> classPath = classPath(temporary);

        for (String bad : List.of("", "https://registry.example.com", "registry.example.com/team:tag",
                "user@registry.example.com", "/team")) {
            assertThatThrownBy(() -> image.ensure(request(bad, classPath, temporary)))
                    .as(bad).isInstanceOf(ImageException.class)
                    .hasMessageContaining("is not a registry's host with an optional namespace");
        }
        java.net.ServerSocket closed = new java.net.ServerSocket(0);
        int port = closed.getLocalPort();
        closed.close();
        assertThatThrownBy(() -> image.ensure(request("127.0.0.1:" + port, classPath, temporary)))
                .isInstanceOf(ImageException.class)
                .hasMessageContaining("cannot ask the registry 127.0.0.1:" + port + " for the host's image");
        assertThatThrownBy(() -> image.ensure(request("127.0.0.1:" + port, classPath, temporary)))
                .satisfies(e -> assertThat(e.getMessage()).doesNotEndWith(": null"));
        HostImage.Request badBase = new HostImage.Request("Not An Image!", registry.address() + "/x", "1.0",
                classPath, Optional.empty(), Optional.empty(), temporary.resolve("none.json"), true, temporary);
        assertThatThrownBy(() -> image.ensure(badBase)).isInstanceOf(ImageException.class)
                .hasMessageContaining("the base image 'Not An Image!' is not an image reference");
    }

    @Test
    void aPlainHttpRegistryNeedsToBeAllowed(@TempDir Path temporary) throws Exception {
        HostImage.Request request = request(registry.address() + "/secure", classPath(temporary), temporary);
        HostImage.Request secure = new HostImage.Request(request.base(), request.registry(), request.mlopsVersion(),
                request.classPath(), Optional.empty(), Optional.empty(), request.dockerConfig(), false, temporary);

        assertThatThrownBy(() -> new HostImage(line -> { }, line -> { }).ensure(secure))
                .isInstanceOf(ImageException.class)
                .hasMessageContaining("cannot ask the registry " + registry.address());
    }

    @Test
    void aMissingBaseIsNamed(@TempDir Path temporary) throws Exception {
        HostImage.Request request = request(registry.address() + "/nobase", classPath(temporary), temporary);
        HostImage.Request missing = new HostImage.Request(registry.address() + "/no-such-jre:17",
                request.registry(), request.mlopsVersion(), request.classPath(), Optional.empty(), Optional.empty(),
                request.dockerConfig(), true, temporary);

        assertThatThrownBy(() -> new HostImage(line -> { }, line -> { }).ensure(missing))
                .isInstanceOf(ImageException.class)
                .hasMessageContaining("cannot build and push the host's image")
                .hasMessageContaining(registry.address() + "/no-such-jre:17");
    }

    private static HostImage.Request request(String target, List<Path> classPath, Path temporary) {
        return new HostImage.Request(base, target, "1.2.3-SNAPSHOT", classPath, Optional.empty(), Optional.empty(),
                temporary.resolve("no-docker-config.json"), true, temporary);
    }

    /** A class path of the host's shape: a library, a snapshot library and an mlops jar. */
    private static List<Path> classPath(Path temporary) throws Exception {
        Path snakeyaml = Path.of(org.yaml.snakeyaml.Yaml.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI());
        Path snapshot = Files.writeString(temporary.resolve("helper-0.1-SNAPSHOT.jar"), "not really a jar");
        Path mlops = Files.writeString(temporary.resolve("mlops-core-1.2.3-SNAPSHOT.jar"), "not really a jar");
        return List.of(snakeyaml, snapshot, mlops);
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                registry.url() + path)).header("Accept", "application/vnd.oci.image.manifest.v1+json").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return Json.DATA.readTree(response.body());
    }
}
