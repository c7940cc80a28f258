package dev.mlops.core.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.core.monitoring.Html;
import dev.mlops.core.platform.DeploymentRecord;
import dev.mlops.core.registry.ArtifactVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The model report: pages a browser opens from disk, with nothing fetched. {@code index.html} lists each model's
 * versions per environment (metadata, who uploaded it, where it was promoted from, which version each alias serves);
 * {@code ledger.html} is the deployment ledger as a timeline, newest first (what each alias served, when, who moved
 * it, rollbacks with their reason); {@code drift.html} summarises the latest drift reports and links to each.
 *
 * @param versions the Model Manager's versions of the models
 * @param ledger   each alias's records, by alias
 * @param drift    drift reports ({@code <model>-<env>.json}, the HTML beside it)
 */
public record ModelReport(List<ArtifactVersion> versions, Map<String, List<DeploymentRecord>> ledger,
                          List<Path> drift) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Writes the three pages (and copies of the drift reports' pages) into a folder.
     *
     * @return the index page
     */
    public Path write(Path folder) throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("index.html"), versionsPage());
        Files.writeString(folder.resolve("ledger.html"), ledgerPage());
        Files.writeString(folder.resolve("drift.html"), driftPage(folder));
        return folder.resolve("index.html");
    }

    private String versionsPage() {
        StringBuilder html = start("Model versions");
        Map<String, Map<String, List<ArtifactVersion>>> byModel = new TreeMap<>();
        for (ArtifactVersion version : versions) {
            byModel.computeIfAbsent(version.model(), key -> new TreeMap<>(Comparator.comparingInt(ModelReport::rank)))
                    .computeIfAbsent(version.env(), key -> new ArrayList<>()).add(version);
        }
        if (byModel.isEmpty()) {
            html.append("<p>The Model Manager holds no versions of these models yet.</p>\n");
        }
        for (Map.Entry<String, Map<String, List<ArtifactVersion>>> model : byModel.entrySet()) {
            html.append("<h2 id=\"model-").append(escape(model.getKey())).append("\">").append(escape(model.getKey()))
                    .append("</h2>\n");
            for (Map.Entry<String, List<ArtifactVersion>> env : model.getValue().entrySet()) {
                String served = served(model.getKey(), env.getKey());
                html.append("<h3>").append(escape(env.getKey())).append("</h3>\n")
                        .append(served.isEmpty() ? "" : "<p>Served now: <code>" + escape(served) + "</code></p>\n")
                        .append("<table class=\"versions\" data-env=\"").append(escape(env.getKey())).append("\">\n")
                        .append("<tr><th>version</th><th>created</th><th>uploaded by</th><th>promoted from</th>")
                        .append("<th>files</th><th>SHA-256</th><th>metadata</th></tr>\n");
                List<ArtifactVersion> list = new ArrayList<>(env.getValue());
                list.sort(Comparator.comparingInt(ArtifactVersion::version).reversed());
                for (ArtifactVersion version : list) {
                    StringBuilder metadata = new StringBuilder();
                    new TreeMap<>(version.metadata()).forEach((key, value) -> metadata.append(escape(key))
                            .append(" = ").append(escape(value)).append("<br>"));
                    html.append("<tr><td>").append(version.version()).append("</td><td>")
                            .append(escape(version.createdTime())).append("</td><td>")
                            .append(escape(version.uploader())).append("</td><td>")
                            .append(version.promotedFrom() == null ? "" : escape(version.promotedFrom()))
                            .append("</td><td>").append(version.fileCount()).append("</td><td><code>")
                            .append(escape(version.sha256().substring(0, Math.min(12, version.sha256().length()))))
                            .append("</code></td><td>").append(metadata).append("</td></tr>\n");
                }
                html.append("</table>\n");
            }
        }
        return end(html);
    }

    /** @return what the model's prediction alias in the environment points to, by its latest record */
    private String served(String model, String env) {
        List<DeploymentRecord> records = ledger.get(model + "-prediction-" + env);
        return records == null || records.isEmpty() ? "" : records.get(records.size() - 1).target();
    }

    private String ledgerPage() {
        StringBuilder html = start("Deployment ledger");
        List<DeploymentRecord> all = new ArrayList<>();
        ledger.values().forEach(all::addAll);
        all.sort(Comparator.comparing(DeploymentRecord::when).reversed());
        if (all.isEmpty()) {
            html.append("<p>Nothing has been deployed yet.</p>\n");
        } else {
            html.append("<table id=\"ledger\">\n<tr><th>when</th><th>alias</th><th>action</th><th>now serves</th>")
                    .append("<th>served before</th><th>artifact</th><th>who</th><th>reason</th></tr>\n");
            for (DeploymentRecord record : all) {
                html.append("<tr class=\"").append(escape(record.action())).append("\"><td>")
                        .append(escape(record.when())).append("</td><td>").append(escape(record.alias()))
                        .append("</td><td>").append(escape(record.action())).append("</td><td>")
                        .append(escape(record.target())).append("</td><td>")
                        .append(escape(nullToEmpty(record.previousTarget()))).append("</td><td>")
                        .append(escape(nullToEmpty(record.modelId()))).append("</td><td>")
                        .append(escape(nullToEmpty(record.who()))).append("</td><td>")
                        .append(escape(nullToEmpty(record.reason()))).append("</td></tr>\n");
            }
            html.append("</table>\n");
        }
        return end(html);
    }

    private String driftPage(Path folder) throws IOException {
        StringBuilder html = start("Drift");
        if (drift.isEmpty()) {
            html.append("<p>No drift report yet: run <code>mvn mlops:drift -Denv=prod</code>.</p>\n");
            return end(html);
        }
        html.append("<table id=\"drift\">\n<tr><th>model</th><th>env</th><th>version</th><th>drifted columns</th>")
                .append("<th>dataset drift</th><th>report</th></tr>\n");
        for (Path json : drift) {
            JsonNode report = JSON.readTree(json.toFile());
            List<String> drifted = new ArrayList<>();
            report.path("columns").forEach(c -> {
                if (c.path("drift").asBoolean()) {
                    drifted.add(c.path("name").asText());
                }
            });
            String page = json.getFileName().toString().replaceAll("\\.json$", ".html");
            Path source = json.resolveSibling(page);
            String link = "";
            if (Files.exists(source)) {
                Path copy = folder.resolve("drift-" + page);
                Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
                link = "<a href=\"" + escape(copy.getFileName().toString()) + "\">histograms</a>";
            }
            html.append("<tr><td>").append(escape(report.path("model").asText())).append("</td><td>")
                    .append(escape(report.path("env").asText())).append("</td><td>")
                    .append(report.path("version").asInt()).append("</td><td>").append(escape(String.join(", ",
                            drifted))).append(" (").append(drifted.size()).append(" of ")
                    .append(report.path("columns").size()).append(")</td><td>")
                    .append(report.path("dataset_drift").asBoolean() ? "<span class=\"bad\">yes</span>" : "no")
                    .append("</td><td>").append(link).append("</td></tr>\n");
        }
        return end(html.append("</table>\n"));
    }

    private static StringBuilder start(String title) {
        return new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(title)).append(" – mlops</title>\n<link rel=\"icon\" href=\"data:,\">\n<style>\n")
                .append("body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;")
                .append("margin-bottom:1em}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;")
                .append("vertical-align:top}nav a{margin-right:1em}.bad,tr.rollback td:nth-child(3){color:#b00020;")
                .append("font-weight:bold}\n</style>\n</head>\n<body>\n<nav><a href=\"index.html\">Versions</a>")
                .append("<a href=\"ledger.html\">Ledger</a><a href=\"drift.html\">Drift</a></nav>\n<h1>")
                .append(escape(title)).append("</h1>\n");
    }

    private static String end(StringBuilder html) {
        return html.append("</body>\n</html>\n").toString();
    }

    private static int rank(String env) {
        return switch (env) {
            case "dev" -> 0;
            case "test" -> 1;
            case "prod" -> 2;
            default -> 3;
        };
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    private static String escape(String text) {
        return Html.escape(text);
    }
}
