package dev.mlops.core.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.core.store.ArtifactStore;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads back what the prediction log stored of one version: the inputs of its answered calls (status below 400)
 * that arrived in a time range, as a {@link Table}. Only the day folders the range touches are listed.
 */
final class LoggedInputs {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What was read. */
    record Read(Table inputs, long calls, long files, long unreadable) {
    }

    private LoggedInputs() {
    }

    static Read read(ArtifactStore store, LogTarget version, Instant since, Instant until) throws IOException {
        Table table = new Table();
        long calls = 0;
        long files = 0;
        long unreadable = 0;
        String prefix = version.prefix();
        LocalDate first = since.atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate last = until.atZone(ZoneOffset.UTC).toLocalDate();
        List<String> days = new ArrayList<>(store.list(prefix));
        days.sort(null);
        for (String day : days) {
            LocalDate date;
            try {
                date = LocalDate.parse(day);
            } catch (DateTimeParseException e) {
                continue;
            }
            if (date.isBefore(first) || date.isAfter(last)) {
                continue;
            }
            List<String> names = new ArrayList<>(store.list(prefix + day + "/"));
            names.sort(null);
            for (String name : names) {
                if (!name.endsWith(".jsonl.gz")) {
                    continue;
                }
                byte[] content = store.read(prefix + day + "/" + name).orElse(null);
                if (content == null) {
                    continue;
                }
                files++;
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                        new GZIPInputStream(new ByteArrayInputStream(content)), StandardCharsets.UTF_8))) {
                    for (String line; (line = lines.readLine()) != null; ) {
                        JsonNode record;
                        try {
                            record = JSON.readTree(line);
                        } catch (IOException e) {
                            unreadable++;
                            continue;
                        }
                        if (record == null || !record.isObject() || record.path("status").asInt(500) >= 400) {
                            continue;
                        }
                        Instant time;
                        try {
                            time = Instant.parse(record.path("time").asText());
                        } catch (DateTimeParseException e) {
                            unreadable++;
                            continue;
                        }
                        if (time.isBefore(since) || !time.isBefore(until)) {
                            continue;
                        }
                        if (table.addInput(record.get("input"))) {
                            calls++;
                        }
                    }
                } catch (IOException e) {
                    // A file cut short (a host killed as it wrote is not possible: files appear whole; but a store
                    // copied by hand may be): what it held up to the break is kept.
                    unreadable++;
                }
            }
        }
        return new Read(table, calls, files, unreadable);
    }
}
