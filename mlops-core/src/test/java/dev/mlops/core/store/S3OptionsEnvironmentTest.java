package dev.mlops.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a function host, which has no Maven settings, reaches an S3 store: from its environment. */
class S3OptionsEnvironmentTest {

    @Test
    void theEndpointRegionPathStyleAndKeysComeFromTheEnvironment() {
        Map<String, String> pod = Map.of("MLOPS_S3_ENDPOINT", "http://127.0.0.1:9000", "MLOPS_S3_REGION",
                "eu-north-1", "MLOPS_S3_PATH_STYLE", "true", "AWS_ACCESS_KEY_ID", "AKIA1",
                "AWS_SECRET_ACCESS_KEY", "s3cr3t");
        S3Options options = S3Options.fromEnvironment(pod::get);
        assertThat(options.endpoint()).contains(URI.create("http://127.0.0.1:9000"));
        assertThat(options.region()).contains("eu-north-1");
        assertThat(options.pathStyle()).contains(true);
        assertThat(options.keys()).hasValueSatisfying(keys -> {
            assertThat(keys.accessKeyId()).isEqualTo("AKIA1");
            assertThat(keys.secretKey()).isEqualTo("s3cr3t");
            assertThat(keys.toString()).doesNotContain("s3cr3t");
        });
    }

    @Test
    void withoutBothKeysOrWithASessionTokenTheSdksChainDecides() {
        assertThat(S3Options.fromEnvironment(Map.of("AWS_ACCESS_KEY_ID", "AKIA1")::get).keys()).isEmpty();
        assertThat(S3Options.fromEnvironment(Map.of("AWS_ACCESS_KEY_ID", "AKIA1", "AWS_SECRET_ACCESS_KEY", "s",
                "AWS_SESSION_TOKEN", "t")::get).keys()).as("temporary credentials are the chain's").isEmpty();
        assertThat(S3Options.fromEnvironment(name -> null)).isEqualTo(S3Options.DEFAULTS);
    }

    @Test
    void anEndpointThatIsNoUrlIsRefused() {
        assertThatThrownBy(() -> S3Options.fromEnvironment(Map.of("MLOPS_S3_ENDPOINT", "minio:9000")::get))
                .hasMessage("S3 endpoint 'minio:9000' is not an http:// or https:// URL");
    }
}
