package dev.mlops.core.setup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brings an existing Maven project to what the archetype generates, without overwriting what its owners wrote: the
 * GitHub workflow is written when missing (for local or team mode), and otherwise only the mlops version an older one
 * pins ({@code MLOPS_VERSION:}) is updated; {@code mlops_settings.yaml} is written from a template when missing; the settings' JSON Schema, which is
 * ours, is kept equal to this version's.
 */
public final class ProjectSetup {

    /** The placeholder the templates hold for the mlops version. */
    public static final String VERSION_PLACEHOLDER = "@project.version@";

    /** The line of the workflow that pins the mlops version. */
    private static final Pattern PINNED_VERSION = Pattern.compile(
            "(?m)^(\\s*MLOPS_VERSION:\\s*)([\"']?)([^\"'\\s#]+)([\"']?)");

    /**
     * Where a repository's models live, which decides where its workflow runs: the template's {@code #<local>} and
     * {@code #<team>} blocks (between a line {@code #<name>} and a line {@code #</name>}) hold what differs.
     */
    public enum WorkflowMode {
        /** The store and the platform under {@code MLOPS_HOME}: a self-hosted runner that keeps it. */
        LOCAL,
        /** An S3 store and a Kubernetes cluster: GitHub-hosted runners, credentials from secrets. */
        TEAM;

        /** @return the block name of this mode in the template */
        public String block() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A line that opens or closes a block of the workflow template. */
    private static final Pattern BLOCK = Pattern.compile("#<(/?)(local|team|schedule)>\\s*");
    /** The schedule trigger of a workflow this class wrote: its comment line, {@code schedule:} and its crons. */
    private static final Pattern SCHEDULE_TRIGGER = Pattern.compile(
            "(?m)^  # Training on its own[^\\n]*\\n  schedule:\\n(?:    - cron: [^\\n]*\\n)*");
    /** A schedule trigger of the user's own. */
    private static final Pattern OWN_SCHEDULE = Pattern.compile("(?m)^  schedule:");
    private static final Pattern CRON_LINE = Pattern.compile("(?m)^    - cron: '([^']*)'");
    private static final Pattern DISPATCH = Pattern.compile("(?m)^  workflow_dispatch:[^\\n]*\\n");
    /** The line of the schedule block repeated for each schedule. */
    private static final String CRON = "@cron@";

    /** What a step did. */
    public enum Change {
        /** The file did not exist and was written. */
        WRITTEN,
        /** The file existed and part of it was updated. */
        UPDATED,
        /** The file was left as it was. */
        UNCHANGED
    }

    /**
     * What a step did, and what to tell the user.
     *
     * @param change  what happened to the file
     * @param file    the file
     * @param message one line for the log
     */
    public record Outcome(Change change, Path file, String message) {
    }

    private ProjectSetup() {
    }

    /**
     * @param file     the workflow, {@code .github/workflows/main.yml}
     * @param template the workflow template, holding {@value #VERSION_PLACEHOLDER}
     * @param version  the mlops version, where the template names it
     * @param mode     which of the template's blocks the workflow keeps
     */
    public static Outcome workflow(Path file, String template, String version, WorkflowMode mode)
            throws IOException {
        return workflow(file, template, version, mode, List.of());
    }

    /**
     * Writes the workflow when missing; otherwise keeps its schedule trigger in step with the settings' training
     * schedules, and updates the mlops version an older workflow pins, and changes nothing else.
     *
     * @param schedules the models' {@code info.training.schedule}s, each once
     */
    public static Outcome workflow(Path file, String template, String version, WorkflowMode mode,
                                   List<String> schedules) throws IOException {
        if (!Files.exists(file)) {
            write(file, render(template, mode, schedules).replace(VERSION_PLACEHOLDER, version));
            return new Outcome(Change.WRITTEN, file, "wrote " + file + " (" + mode.block() + " mode: "
                    + (mode == WorkflowMode.TEAM ? "GitHub-hosted runners, an S3 store and a Kubernetes cluster"
                    : "a self-hosted runner keeping MLOPS_HOME") + (schedules.isEmpty() ? ""
                    : "; training on " + String.join(", ", schedules.stream().map(c -> "'" + c + "'").toList()))
                    + ")");
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String updated = text;
        List<String> said = new ArrayList<>();
        Matcher pinned = PINNED_VERSION.matcher(updated);
        if (pinned.find() && !pinned.group(3).equals(version)) {
            said.add("updated the mlops version it pins from " + pinned.group(3) + " to " + version);
            updated = updated.substring(0, pinned.start(3)) + version + updated.substring(pinned.end(3));
        }
        Matcher trigger = SCHEDULE_TRIGGER.matcher(updated);
        List<String> current = new ArrayList<>();
        boolean present = trigger.find();
        if (present) {
            Matcher cron = CRON_LINE.matcher(trigger.group());
            while (cron.find()) {
                current.add(cron.group(1));
            }
        }
        Optional<String> notPlaced = Optional.empty();
        if (!current.equals(schedules)) {
            if (present) {
                String block = schedules.isEmpty() ? "" : scheduleBlock(template, schedules);
                updated = updated.substring(0, trigger.start()) + block + updated.substring(trigger.end());
                said.add(schedules.isEmpty() ? "removed its schedule trigger (no model has info.training.schedule)"
                        : "set its schedule trigger to " + quoted(schedules));
            } else if (OWN_SCHEDULE.matcher(updated).find()) {
                notPlaced = Optional.of("its schedule: trigger is not the one mvn mlops:setup writes (its comment"
                        + " line is gone), so it is left as it is; the settings' schedules are " + quoted(schedules));
            } else if (!updated.contains("mlops:train -Dmlops.schedule")) {
                notPlaced = Optional.of("it has no train job for a schedule, so its trigger for " + quoted(schedules)
                        + " is not added; delete it and run mvn mlops:setup again to have the current workflow");
            } else {
                Matcher dispatch = DISPATCH.matcher(updated);
                if (dispatch.find()) {
                    updated = updated.substring(0, dispatch.end()) + scheduleBlock(template, schedules)
                            + updated.substring(dispatch.end());
                    said.add("added a schedule trigger for " + quoted(schedules));
                } else {
                    notPlaced = Optional.of("it has no 'workflow_dispatch:' under 'on:' to place the schedule"
                            + " trigger after; add 'schedule:' with " + quoted(schedules) + " yourself");
                }
            }
        }
        if (!updated.equals(text)) {
            write(file, updated);
            return new Outcome(Change.UPDATED, file, file + ": " + String.join("; ", said)
                    + notPlaced.map(n -> "; " + n).orElse("") + "; the rest of it is as you left it");
        }
        return new Outcome(Change.UNCHANGED, file, file + " exists; left as it is (the goals it runs take the mlops"
                + " version from the POM" + (schedules.isEmpty() ? "" : ", and its schedule is the settings'") + ")"
                + notPlaced.map(n -> "; " + n).orElse(""));
    }

    /** The schedule trigger as the template writes it, for these schedules. */
    private static String scheduleBlock(String template, List<String> schedules) {
        int open = template.indexOf("#<schedule>\n");
        int close = template.indexOf("#</schedule>", open);
        if (open < 0 || close < 0) {
            throw new IllegalArgumentException("the workflow template has no #<schedule> block");
        }
        // The block holds no markers of its own: rendering it repeats its cron line for each schedule.
        return render(template.substring(open + "#<schedule>\n".length(), close), WorkflowMode.LOCAL, schedules);
    }

    private static String quoted(List<String> schedules) {
        return String.join(", ", schedules.stream().map(c -> "'" + c + "'").toList());
    }

    /**
     * @return the template with the blocks of {@code mode} kept (without their marker lines) and the others removed
     */
    public static String render(String template, WorkflowMode mode) {
        return render(template, mode, List.of());
    }

    /**
     * @param schedules the models' training schedules: the {@code #<schedule>} block is kept when there are any,
     *                  its {@value #CRON} line once for each
     * @return the template with the blocks of {@code mode} kept (without their marker lines) and the others removed
     */
    public static String render(String template, WorkflowMode mode, List<String> schedules) {
        StringBuilder out = new StringBuilder();
        String inside = null;
        for (String line : template.split("\n", -1)) {
            Matcher marker = BLOCK.matcher(line);
            if (marker.matches()) {
                String name = marker.group(2);
                boolean closing = !marker.group(1).isEmpty();
                if (closing != (inside != null) || closing && !name.equals(inside)) {
                    throw new IllegalArgumentException("the workflow template's block markers do not pair up at "
                            + line);
                }
                inside = closing ? null : name;
                continue;
            }
            boolean kept = inside == null || inside.equals(mode.block())
                    || inside.equals("schedule") && !schedules.isEmpty();
            if (!kept) {
                continue;
            }
            if (line.contains(CRON)) {
                for (String schedule : schedules) {
                    out.append(line.replace(CRON, schedule)).append('\n');
                }
            } else {
                out.append(line).append('\n');
            }
        }
        if (inside != null) {
            throw new IllegalArgumentException("the workflow template's block " + inside + " is not closed");
        }
        return out.substring(0, out.length() - 1);
    }

    /**
     * @param file     {@code mlops_settings.yaml}
     * @param template the settings to write when there are none
     */
    public static Outcome settings(Path file, String template) throws IOException {
        if (Files.exists(file)) {
            return new Outcome(Change.UNCHANGED, file, file + " exists; left as it is");
        }
        write(file, template);
        return new Outcome(Change.WRITTEN, file, "wrote " + file + " from a template; fill in model_class and info");
    }

    /**
     * @param file   where editors find the settings' schema
     * @param schema this version's schema
     */
    public static Outcome schema(Path file, String schema) throws IOException {
        Optional<String> current = Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8))
                : Optional.empty();
        if (current.isPresent() && current.get().equals(schema)) {
            return new Outcome(Change.UNCHANGED, file, file + " is this version's schema");
        }
        write(file, schema);
        return new Outcome(current.isPresent() ? Change.UPDATED : Change.WRITTEN, file,
                (current.isPresent() ? "updated " : "wrote ") + file + " (the settings' JSON Schema, for editors)");
    }

    /**
     * @param artifactId a Maven artifact id such as {@code my-model}
     * @return a {@code model_name} made from it: dashes and other signs become underscores, a leading digit gets
     *         {@code m_} before it
     */
    public static String modelName(String artifactId) {
        String name = artifactId.replaceAll("[^A-Za-z0-9_]", "_");
        return name.isEmpty() || !Character.isLetter(name.charAt(0)) ? "m_" + name : name;
    }

    private static void write(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path partial = Files.createTempFile(parent, ".", ".partial");
        try {
            Files.writeString(partial, text, StandardCharsets.UTF_8);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
