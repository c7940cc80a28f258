package dev.mlops.core.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mlops.core.json.Json;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The overview of versions as people read it (a table) and as programs read it (JSON). */
public final class VersionsReport {

    private static final String ROW = "%-24s %-5s %7s  %-24s %12s %6s  %-12s  %-16s %s";

    private VersionsReport() {
    }

    /**
     * @return a header line and one line per version
     */
    public static List<String> table(List<ArtifactVersion> versions) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(ROW, "MODEL", "ENV", "VERSION", "CREATED", "BYTES", "FILES", "SHA256", "FROM",
                "METADATA"));
        for (ArtifactVersion v : versions) {
            lines.add(String.format(ROW, v.model(), v.env(), v.version(), v.createdTime(), v.size(), v.fileCount(),
                    v.sha256().substring(0, 12), v.promotedFrom().isEmpty() ? "upload" : v.promotedFrom(),
                    metadata(v.metadata())));
        }
        return lines;
    }

    /**
     * @return the versions as a JSON array with snake_case fields
     */
    public static String json(List<ArtifactVersion> versions) {
        try {
            return Json.FILES.writeValueAsString(versions);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String metadata(Map<String, String> metadata) {
        StringBuilder text = new StringBuilder();
        metadata.forEach((key, value) -> text.append(text.length() == 0 ? "" : " ").append(key).append('=')
                .append(value));
        return text.toString();
    }
}
