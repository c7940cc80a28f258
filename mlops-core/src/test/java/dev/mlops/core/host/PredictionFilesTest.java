package dev.mlops.core.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictionFilesTest {

    /** A clock the test moves. */
    private static final class MovingClock extends Clock {
        private Instant now = Instant.parse("2026-12-01T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @TempDir
    Path folder;

    private final MovingClock clock = new MovingClock();

    @Test
    void resultsOlderThanTheRetentionAreRemovedOldestFirst() throws Exception {
        PredictionFiles files = new PredictionFiles(folder, new HostOptions.FileRetention(Duration.ofMinutes(10),
                1_000_000), clock);
        String first = files.store(new byte[10], "json");
        clock.advance(Duration.ofMinutes(6));
        String second = files.store(new byte[10], "json");
        clock.advance(Duration.ofMinutes(5));
        files.expire();

        assertThat(files.find(first)).isEmpty();
        assertThat(Files.exists(folder.resolve(first))).isFalse();
        assertThat(files.find(second)).isPresent();
        clock.advance(Duration.ofMinutes(6));
        files.expire();
        assertThat(files.find(second)).isEmpty();
    }

    @Test
    void beyondTheTotalSizeTheOldestGoWhenAResultIsStored() throws Exception {
        PredictionFiles files = new PredictionFiles(folder, new HostOptions.FileRetention(Duration.ofHours(1), 100),
                clock);
        String first = files.store(new byte[40], "json");
        String second = files.store(new byte[40], "json");
        String third = files.store(new byte[40], "json");

        assertThat(files.find(first)).isEmpty();
        assertThat(files.find(second)).isPresent();
        assertThat(files.find(third)).isPresent();
        Path zip = Files.write(folder.resolve("trained.tmp"), new byte[90]);
        String trained = files.store(zip, "zip");
        assertThat(files.find(second)).isEmpty();
        assertThat(files.find(third)).isEmpty();
        assertThat(files.find(trained)).isPresent();
    }

    @Test
    void whatAPreviousHostLeftIsCountedAndItsUnfinishedWorkRemoved() throws Exception {
        PredictionFiles before = new PredictionFiles(folder, new HostOptions.FileRetention(Duration.ofHours(1), 100),
                clock);
        String left = before.store(new byte[80], "json");
        Files.write(folder.resolve("0b8a4f4e-0000-4000-8000-000000000000.json.partial"), new byte[5]);
        Files.createDirectories(folder.resolve(".training-123/sub"));

        PredictionFiles after = new PredictionFiles(folder, new HostOptions.FileRetention(Duration.ofHours(1), 100),
                clock);
        assertThat(after.find(left)).isPresent();
        assertThat(Files.exists(folder.resolve(".training-123"))).isFalse();
        assertThat(Files.exists(folder.resolve("0b8a4f4e-0000-4000-8000-000000000000.json.partial"))).isFalse();
        after.store(new byte[40], "json");
        assertThat(after.find(left)).as("over 100 bytes together: the oldest goes").isEmpty();
    }
}
